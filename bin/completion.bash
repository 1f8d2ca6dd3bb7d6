# Bash completion for deploy, deploy status and build-tasklist. Load it in ~/.bashrc:
#   source /path/to/deployer/bin/completion.bash
# Completes options, files (configs, plans, packages, directories), and the host, host group, service and category
# names of the config given on the line (--config FILE / -c FILE), read by `build-tasklist --complete-names`: one JVM
# start per config change, cached by the config's path and modification time, so later TABs cost nothing.
# The option lists below are checked against each command's --help by tests (CompletionTest).

_deployer_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# DEPLOYER_BUILD_TASKLIST: another build-tasklist to ask for names (tests use the build's classes directly).

_deployer_common_opts="--config --component --directory --release --tasklist --hosts --hostgroups --categories
  --redeploy --ignore-lb --force --parallel --rollback --to --lock-wait --no-lock --verbose --debug --logdir --help --version"
_deployer_deploy_opts="$_deployer_common_opts --dry-run --journal --resume"
_deployer_build_opts="$_deployer_common_opts --dump --save --explain-config --diff"
_deployer_status_opts="--config --component --directory --release --hosts --hostgroups --categories --verbose --debug
  --logdir --help --output"

# Names of one kind (host, hostgroup, service, category, platform) from the config on the line.
_deployer_names() {
  local kind=$1 config=$2 key
  if [[ -n $config ]]; then
    [[ -r $config ]] || return 0
    key="$config:$(stat -c %Y -- "$config" 2>/dev/null)"
  else
    key="-"
  fi
  if [[ ${_deployer_names_key-} != "$key" ]]; then
    if [[ -n $config ]]; then
      _deployer_names_cache=$("${DEPLOYER_BUILD_TASKLIST:-$_deployer_bin/build-tasklist}" --complete-names --config "$config" 2>/dev/null)
    else
      _deployer_names_cache=$("${DEPLOYER_BUILD_TASKLIST:-$_deployer_bin/build-tasklist}" --complete-names 2>/dev/null)
    fi
    _deployer_names_key=$key
  fi
  local k name
  while IFS=$'\t' read -r k name; do
    [[ $k == "$kind" ]] && printf '%s\n' "$name"
  done <<<"$_deployer_names_cache"
}

# The value of --config/-c on the line, with ~ expanded.
_deployer_config_on_line() {
  local i w
  for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    if [[ ($w == --config || $w == -c) && $((i + 1)) -lt ${#COMP_WORDS[@]} && $((i + 1)) -ne $COMP_CWORD ]]; then
      w=${COMP_WORDS[i + 1]}
      printf '%s\n' "${w/#\~/$HOME}"
      return
    elif [[ $w == --config=* ]]; then
      w=${w#--config=}
      printf '%s\n' "${w/#\~/$HOME}"
      return
    fi
  done
}

_deployer_files() { # $1: a glob pattern of names to offer (directories are always offered, to walk into)
  local IFS=$'\n'
  COMPREPLY+=($(compgen -d -- "$cur"))
  COMPREPLY+=($(compgen -f -X "!$1" -- "$cur"))
}

_deployer_complete() { # $1: the option words of this command
  local cur=${COMP_WORDS[COMP_CWORD]} opt="" i
  COMPREPLY=()
  # The option the current word belongs to: the last option before it (some take several values: --hosts a b).
  for ((i = COMP_CWORD - 1; i > 0; i--)); do
    if [[ ${COMP_WORDS[i]} == -* ]]; then
      opt=${COMP_WORDS[i]}
      break
    fi
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
    return
  fi
  local multi=0 config
  [[ $i -lt $((COMP_CWORD - 1)) ]] && multi=1
  config=$(_deployer_config_on_line)
  case $opt in
    --hosts) COMPREPLY=($(compgen -W "$(_deployer_names host "$config")" -- "$cur")) ;;
    --hostgroups) COMPREPLY=($(compgen -W "$(_deployer_names hostgroup "$config")" -- "$cur")) ;;
    --categories) COMPREPLY=($(compgen -W "$(_deployer_names category "$config")" -- "$cur")) ;;
    --component) _deployer_files '*.@(tar.gz|tgz|tar|war)' ;;
    *)
      ((multi)) && return # a value of a one-value option is done: the next word is an option
      case $opt in
        -c | --config) _deployer_files '*.@(yaml|yml)' ;;
        --tasklist | --diff | --resume | --journal | --save) _deployer_files '*' ;;
        --directory | --release | --logdir) COMPREPLY=($(compgen -d -- "$cur")) ;;
        --rollback) COMPREPLY=($(compgen -W "$(_deployer_names service "$config")" -- "$cur")) ;;
        --explain-config) COMPREPLY=($(compgen -W "all $(_deployer_names platform "")" -- "$cur")) ;;
        --output) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
      esac
      ;;
  esac
}

_deploy() {
  if [[ $COMP_CWORD -eq 1 && ${COMP_WORDS[1]} != -* ]]; then
    COMPREPLY=($(compgen -W "status" -- "${COMP_WORDS[1]}"))
    return
  fi
  if [[ ${COMP_WORDS[1]} == status ]]; then
    _deployer_complete "$_deployer_status_opts"
  else
    _deployer_complete "$_deployer_deploy_opts"
  fi
}

_build_tasklist() {
  _deployer_complete "$_deployer_build_opts"
}

shopt -s extglob
complete -F _deploy deploy bin/deploy ./bin/deploy
complete -F _build_tasklist build-tasklist bin/build-tasklist ./bin/build-tasklist
