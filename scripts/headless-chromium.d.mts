import type { BrowserContext } from 'playwright-core';

export declare const CHROMIUM: string;
export declare function launchChromium(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; close(): Promise<void> }>;
