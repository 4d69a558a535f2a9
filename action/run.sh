#!/usr/bin/env bash
# The shell steps of the portainer-users GitHub Action (../action.yml), in one script that runs the
# same on a runner and in the tests:
#   run.sh install   install portainer-users from the action's own checkout (or INPUT_VERSION from
#                    the registry); outputs bin and version, and puts the bin's folder on GITHUB_PATH
#   run.sh run       run INPUT_COMMAND (plan, apply, drift or targets), write the report to the job
#                    summary, comment a plan on its pull request, set the outputs exitcode,
#                    changes-digest, has-changes, plan-file, report-file (and targets)
# With INPUT_FLEET the commands work on a fleet file: plan and drift every target (or INPUT_TARGET's),
# apply INPUT_TARGET alone, targets lists them (a JSON array for a matrix).
# Inputs arrive as INPUT_* variables (action.yml maps them); the rest as a runner sets it:
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_SHA,
# RUNNER_TEMP, and GH_TOKEN for gh. Nothing here prints a secret: the reports hold none.
set -euo pipefail

ACTION_PATH=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TEMP=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
# GitHub refuses a comment over 65,536 characters; the markdown plan keeps under 60,000 by itself.
REPORT_LIMIT=60000
# The first line of the plan comment: the action finds its comment, and the reviewed digest, by it.
MARKER='<!-- portainer-users plan: '

fail() {
  printf 'Error: %s\n' "$*" >&2
  exit 1
}

output() {
  printf '%s=%s\n' "$1" "$2" >> "${GITHUB_OUTPUT:-/dev/null}"
}

summarize() {
  cat >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
}

# --- install ----------------------------------------------------------------------------------

install_tool() {
  local wanted=${INPUT_VERSION:-}
  wanted=${wanted#v}
  if [[ -n $wanted && ! $wanted =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    fail "the version input must be a version such as 0.1.0, or empty for the action's own, got \"${INPUT_VERSION}\""
  fi
  local own source prefix bin version
  own=$(node -p 'require(process.argv[1]).version' "$ACTION_PATH/package.json")
  wanted=${wanted:-$own}
  if [[ $wanted == "$own" ]]; then source="the action's checkout $ACTION_PATH"; else source="the registry"; fi
  prefix=$(npm prefix --global)
  bin="$prefix/bin/portainer-users"
  # One install per job: RUNNER_TEMP is emptied before each.
  local stamp="$TEMP/portainer-users-action.installed"
  if [[ -x $bin && -f $stamp && $(cat "$stamp") == "$wanted from $source" ]]; then
    echo "portainer-users $wanted from $source is installed already."
  else
    echo "::group::Install portainer-users $wanted from $source"
    if [[ $source == "the registry" ]]; then
      npm install --global --no-audit --no-fund "portainer-users@$wanted"
    else
      install_from_checkout "$own"
    fi
    echo "::endgroup::"
    printf '%s' "$wanted from $source" > "$stamp"
  fi
  version=$("$bin" --version)
  [[ $version == "$wanted" ]] || fail "$bin is portainer-users $version, not the $wanted asked for"
  printf '%s\n' "$prefix/bin" >> "${GITHUB_PATH:-/dev/null}"
  output bin "$bin"
  output version "$version"
}

# The checkout has the sources: build them (npm ci runs prepare) unless built, pack, install the tarball.
install_from_checkout() {
  local work
  work=$(mktemp -d "$TEMP/portainer-users-install.XXXXXX")
  if [[ ! -f $ACTION_PATH/dist/bundle/main.js ]]; then
    (cd "$ACTION_PATH" && npm ci --prefer-offline --no-audit --no-fund)
  fi
  (cd "$ACTION_PATH" && npm pack --ignore-scripts --pack-destination "$work" --silent > /dev/null)
  npm install --global --prefer-offline --no-audit --no-fund "$work/portainer-users-$1.tgz"
  rm -rf "$work"
}

# --- run --------------------------------------------------------------------------------------

check_inputs() {
  case $COMMAND in plan | apply | drift | targets) ;; *) fail "the command input must be plan, apply, drift or targets, got \"$COMMAND\"" ;; esac
  case $FORMAT in markdown | text | json) ;; *) fail "the format input must be markdown, text or json, got \"$FORMAT\"" ;; esac
  case $FAIL_ON_DRIFT in true | false) ;; *) fail "the fail-on-drift input must be true or false, got \"$FAIL_ON_DRIFT\"" ;; esac
  case $COMMENT in true | false) ;; *) fail "the comment input must be true or false, got \"$COMMENT\"" ;; esac
  if [[ -n $FLEET ]]; then
    [[ $COMMAND != apply || -n $TARGET ]] || fail "command: apply with a fleet applies one target: give the target input"
    [[ $TARGET != *,* || $COMMAND != apply ]] || fail "command: apply with a fleet applies one target, got \"$TARGET\""
  else
    [[ -z $TARGET ]] || fail "the target input goes with the fleet input"
    [[ $COMMAND != targets ]] || fail "command: targets needs the fleet input"
    [[ -n $MANIFEST ]] || fail "the manifest input is empty: give the manifest's path, e.g. users.yaml"
  fi
  if [[ -n $EXPECT_DIGEST ]]; then
    [[ $COMMAND == apply ]] || fail "the expect-digest input goes with command: apply, not $COMMAND"
    [[ $EXPECT_DIGEST == pull-request || $EXPECT_DIGEST =~ ^sha256:[0-9a-f]{64}$ ]] ||
      fail "the expect-digest input must be a plan's changes digest (sha256: and 64 hexadecimal digits) or pull-request, got \"${EXPECT_DIGEST:0:80}\""
  fi
  [[ -z $SECRETS_OUT || $COMMAND == apply ]] || fail "the secrets-out input goes with command: apply, not $COMMAND"
}

# run_cli NAME ARGS...: runs portainer-users with ARGS; stdout to the log and $WORK/NAME.out,
# stderr to $WORK/NAME.err and then the log; the exit code in CODE.
run_cli() {
  local name=$1
  shift
  set +e
  "$BIN" "$@" 2> "$WORK/$name.err" | tee "$WORK/$name.out"
  CODE=${PIPESTATUS[0]}
  set -e
  cat "$WORK/$name.err" >&2
}

# fenced LANGUAGE FILE: FILE as a markdown code block, its fence longer than any backtick run in it.
fenced() {
  local longest fence
  longest=$({ grep -oE '`+' "$2" || true; } | awk '{ if (length > n) n = length } END { print n + 0 }')
  fence=$(printf '%*s' $((longest >= 3 ? longest + 1 : 3)) '' | tr ' ' '`')
  printf '%s%s\n' "$fence" "$1"
  cat "$2"
  [[ -z $(tail -c 1 "$2") ]] || echo
  printf '%s\n' "$fence"
}

# report_section FILE TITLE: a report for the summary or a comment, cut to REPORT_LIMIT characters.
report_section() {
  local file=$1
  if (($(wc -c < "$file") > REPORT_LIMIT)); then
    head -c "$REPORT_LIMIT" "$1" | sed '$d' > "$WORK/cut"
    printf '\n... (cut: the whole report is in the job log)\n' >> "$WORK/cut"
    file="$WORK/cut"
  fi
  if [[ $FORMAT == markdown ]]; then
    cat "$file"
  else
    printf '#### %s\n\n' "$2"
    fenced "$FORMAT" "$file"
  fi
}

# failure_section WHAT ERRFILE: why a command failed, from its error sentences.
failure_section() {
  printf '\n**%s failed (exit %s).**\n\n' "$1" "$CODE"
  if [[ -s $2 ]]; then fenced text "$2"; fi
}

# Reads the plan saved by plan --out (PLAN_FILE): its changes digest and whether it has changes.
read_plan() {
  DIGEST='' HAS_CHANGES=false PLAN_FILE="$WORK/plan.json"
  [[ -f $WORK/plan.json ]] || return 0
  read -r DIGEST HAS_CHANGES < <(node -e '
    const plan = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    console.log(plan.changesDigest, plan.changes.length > 0);' "$WORK/plan.json")
}

# Reads the plans a fleet plan saved (one per target that has one): DIGESTS as JSON (target -> digest),
# whether any has changes, and with the target input that target's digest and plan file.
read_fleet_plans() {
  DIGEST='' HAS_CHANGES=false DIGESTS='{}' PLAN_FILE="$WORK/plans"
  [[ -d $WORK/plans ]] || return 0
  read -r DIGESTS HAS_CHANGES < <(node -e '
    const fs = require("node:fs"), path = require("node:path");
    const folder = process.argv[1], digests = {};
    let changes = false;
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
      const plan = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
      digests[file.slice(0, -5)] = plan.changesDigest;
      changes ||= plan.changes.length > 0;
    }
    console.log(JSON.stringify(digests), changes);' "$WORK/plans")
  if [[ -n $TARGET && $TARGET != *,* && -f $WORK/plans/$TARGET.json ]]; then
    PLAN_FILE="$WORK/plans/$TARGET.json"
    DIGEST=$(node -p 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).changesDigest' "$PLAN_FILE")
  fi
}

run_plan() {
  local out=$WORK/plan.json
  [[ -z $FLEET ]] || out=$WORK/plans
  run_cli plan plan "${SOURCE[@]}" --out "$out" --format "$FORMAT" --detailed-exitcode
  PLAN_CODE=$CODE
  if [[ -n $FLEET ]]; then read_fleet_plans; else read_plan; fi
  {
    report_section "$WORK/plan.out" "portainer-users plan"
    if ((PLAN_CODE == 1)); then failure_section "portainer-users plan" "$WORK/plan.err"; fi
  } > "$WORK/plan.report"
}

pull_request_number() {
  [[ -n ${GITHUB_EVENT_PATH:-} && -f $GITHUB_EVENT_PATH ]] || return 0
  node -e '
    const event = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    console.log(event.pull_request?.number ?? "");' "$GITHUB_EVENT_PATH"
}

# The comments of an issue or pull request, as one JSON array.
comments_of() {
  gh api "repos/$GITHUB_REPOSITORY/issues/$1/comments?per_page=100" --paginate --slurp ||
    fail "could not read the comments of pull request #$1 (the job needs permissions: pull-requests: write)"
}

# plan_comment FIELD: from the comments on stdin, FIELD (id or changesDigest) of the action's
# first plan comment for MANIFEST (or for FLEET: then the changesDigest is TARGET's); empty when there is none.
plan_comment() {
  node -e '
    const [marker, manifest, fleet, target, field] = process.argv.slice(1);
    const comments = JSON.parse(require("node:fs").readFileSync(0, "utf8")).flat();
    const markOf = (body) => {
      if (typeof body !== "string" || !body.startsWith(marker)) return undefined;
      try { return JSON.parse(body.slice(marker.length, body.indexOf(" -->"))); } catch { return undefined; }
    };
    const ours = (mark) => (fleet ? mark?.fleet === fleet : mark?.manifest === manifest);
    const found = comments.find((comment) => ours(markOf(comment.body)));
    const mark = found && markOf(found.body);
    const digest = mark ? (fleet ? mark.digests?.[target] : mark.changesDigest) ?? "" : "";
    console.log(found ? (field === "id" ? found.id : digest) : "");' "$MARKER" "$MANIFEST" "$FLEET" "$TARGET" "$1"
}

comment_on_pull_request() {
  local pr id
  pr=$(pull_request_number)
  if [[ -z $pr ]]; then
    echo "Not a pull request: the plan is in the job summary only."
    return 0
  fi
  # The marker is data: JSON, with nothing in it that could end the HTML comment. A fleet's holds every target's digest.
  node -e '
    const [marker, manifest, changesDigest, fleet, digests] = process.argv.slice(1);
    const data = fleet ? { fleet, digests: JSON.parse(digests) } : { manifest, changesDigest };
    const mark = JSON.stringify(data).replace(/[<>&-]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
    const report = require("node:fs").readFileSync(0, "utf8");
    console.log(JSON.stringify({ body: `${marker}${mark} -->\n${report}` }));' "$MARKER" "$MANIFEST" "$DIGEST" "$FLEET" "$DIGESTS" < "$WORK/plan.report" > "$WORK/comment.json"
  id=$(comments_of "$pr" | plan_comment id)
  if [[ -n $id ]]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input "$WORK/comment.json" > /dev/null ||
      fail "could not update the plan comment on pull request #$pr"
    echo "Updated the plan comment on pull request #$pr."
  else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --input "$WORK/comment.json" > /dev/null ||
      fail "could not comment the plan on pull request #$pr (the job needs permissions: pull-requests: write)"
    echo "Commented the plan on pull request #$pr."
  fi
}

# The changes digest of the plan commented on the pull request that brought GITHUB_SHA.
reviewed_digest() {
  local pr digest
  pr=$(gh api "repos/$GITHUB_REPOSITORY/commits/${GITHUB_SHA:?}/pulls" | node -e '
    console.log(JSON.parse(require("node:fs").readFileSync(0, "utf8"))[0]?.number ?? "");') ||
    fail "could not find the pull request of commit $GITHUB_SHA (the job needs permissions: pull-requests: read)"
  [[ -n $pr ]] || fail "commit $GITHUB_SHA came without a pull request, so no plan of it was reviewed: apply with a changes digest or without one"
  digest=$(comments_of "$pr" | plan_comment changesDigest)
  [[ -n $digest ]] || fail "pull request #$pr has no plan comment for $(what_is_planned) with a changes digest (a plan with errors has none)"
  echo "The reviewed changes, from the plan on pull request #$pr: $digest" >&2
  printf '%s' "$digest"
}

# What the plan comment is about, for messages: the manifest, or the fleet's target.
what_is_planned() {
  if [[ -n $FLEET ]]; then printf 'target %s of %s' "$TARGET" "$FLEET"; else printf '%s' "$MANIFEST"; fi
}

finish() {
  output exitcode "$1"
  output changes-digest "${DIGEST:-}"
  output has-changes "${HAS_CHANGES:-false}"
  output plan-file "$([[ -e ${PLAN_FILE:-} ]] && echo "$PLAN_FILE" || true)"
  output report-file "${REPORT_FILE:-}"
}

do_plan() {
  run_plan
  REPORT_FILE="$WORK/plan.out"
  finish "$PLAN_CODE"
  summarize < "$WORK/plan.report"
  [[ $COMMENT == false ]] || comment_on_pull_request
  ((PLAN_CODE != 1)) || exit 1
}

do_apply() {
  local expected=$EXPECT_DIGEST extra=()
  [[ $expected != pull-request ]] || expected=$(reviewed_digest)
  [[ -z $SECRETS_OUT ]] || extra+=(--secrets-out "$SECRETS_OUT")
  run_plan
  REPORT_FILE="$WORK/plan.out"
  summarize < "$WORK/plan.report"
  if ((PLAN_CODE == 1)); then
    finish 1
    exit 1
  fi
  if [[ $HAS_CHANGES == false && -z $expected ]]; then
    echo "No changes: nothing to apply."
    CODE=0
  else
    # Applies exactly the changes the summary shows, or the reviewed ones: refused, changing nothing, otherwise.
    run_cli apply apply "${SOURCE[@]}" --expect-digest "${expected:-$DIGEST}" ${extra[@]+"${extra[@]}"}
    REPORT_FILE="$WORK/apply.out"
    {
      printf '\n#### portainer-users apply\n\n'
      fenced text "$WORK/apply.out"
      if ((CODE != 0)); then failure_section "portainer-users apply" "$WORK/apply.err"; fi
    } | summarize
  fi
  finish "$CODE"
  exit "$CODE"
}

do_drift() {
  local extension=$FORMAT
  [[ $FORMAT != markdown ]] || extension=md
  REPORT_FILE="$WORK/drift.$extension"
  run_cli drift drift "${SOURCE[@]}" --format "$FORMAT" --output "$REPORT_FILE"
  [[ -f $REPORT_FILE ]] || REPORT_FILE=''
  DIGEST='' HAS_CHANGES=$([[ $CODE == 2 ]] && echo true || echo false)
  finish "$CODE"
  {
    if [[ -n $REPORT_FILE ]]; then report_section "$REPORT_FILE" "portainer-users drift"; fi
    if ((CODE == 1)); then failure_section "portainer-users drift" "$WORK/drift.err"; fi
  } | summarize
  if ((CODE == 1)) || [[ $CODE == 2 && $FAIL_ON_DRIFT == true ]]; then exit "$CODE"; fi
}

# The fleet's targets as one line of JSON, for a matrix: fromJSON(steps.<id>.outputs.targets).
do_targets() {
  run_cli targets targets --fleet "$FLEET" --json
  if ((CODE != 0)); then
    output exitcode "$CODE"
    exit "$CODE"
  fi
  output exitcode 0
  output targets "$(node -e 'console.log(JSON.stringify(JSON.parse(require("node:fs").readFileSync(0, "utf8"))))' < "$WORK/targets.out")"
}

run_tool() {
  COMMAND=${INPUT_COMMAND:-plan}
  MANIFEST=${INPUT_MANIFEST-users.yaml}
  FLEET=${INPUT_FLEET:-}
  TARGET=${INPUT_TARGET:-}
  DIGESTS='{}'
  FORMAT=${INPUT_FORMAT:-markdown}
  EXPECT_DIGEST=${INPUT_EXPECT_DIGEST:-}
  SECRETS_OUT=${INPUT_SECRETS_OUT:-}
  FAIL_ON_DRIFT=${INPUT_FAIL_ON_DRIFT:-false}
  COMMENT=${INPUT_COMMENT:-true}
  check_inputs
  # What plan, apply and drift read: the manifest, or the fleet file (with apply, check_inputs made sure of one target).
  if [[ -n $FLEET ]]; then SOURCE=(--fleet "$FLEET" ${TARGET:+--target "$TARGET"}); else SOURCE=(-f "$MANIFEST"); fi
  BIN=${PORTAINER_USERS_BIN:-portainer-users}
  WORK=$(mktemp -d "$TEMP/portainer-users.XXXXXX")
  if [[ -n ${GITHUB_SERVER_URL:-} && $GITHUB_SERVER_URL != https://github.com ]]; then export GH_HOST=${GITHUB_SERVER_URL#*://}; fi
  "do_$COMMAND"
}

case ${1:-} in
  install) install_tool ;;
  run) run_tool ;;
  *) fail "run.sh needs install or run, got \"${1:-}\"" ;;
esac
