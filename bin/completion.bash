# Bash completion for deploy (and its sub-commands status, run, shell, secrets) and build-tasklist. Load it in ~/.bashrc:
#   source /path/to/deployer/bin/completion.bash
# Completes options, files (configs, plans, packages, directories), and the host, host group, service and category
# names of the config given on the line (--config FILE / -c FILE), read by `build-tasklist --complete-names`: one JVM
# start per config change, cached by the config's path and modification time, so later TABs cost nothing.
# The option lists below are checked against each command's --help by tests (CompletionTest).

_deployer_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# DEPLOYER_BUILD_TASKLIST: another build-tasklist to ask for names (tests use the build's classes directly).

_deployer_common_opts="--config --component --directory --release --tasklist --hosts --hostgroups --categories
  --redeploy --allow-downgrade --ignore-lb --force --parallel --rollback --to --lock-wait --no-lock --verbose --debug --logdir --help --version
  --environment --secrets-key-file"
_deployer_deploy_opts="$_deployer_common_opts --dry-run --journal --resume --resume-anyway --diff --output --report --report-json"
_deployer_build_opts="$_deployer_common_opts --dump --save --explain-config --diff --schema --output --show-config"
_deployer_status_opts="--config --component --directory --release --hosts --hostgroups --categories --verbose --debug
  --logdir --help --output"
_deployer_run_opts="--config --environment --hosts --hostgroups --services --parallel --journal --logdir --secrets-key-file
  --tty --verbose --debug --help --version"
_deployer_shell_opts="$_deployer_common_opts --journal"
_deployer_secrets_opts="--config --environment --secrets-key-file --names --out --help"
_deployer_secrets_actions="encrypt decrypt edit show genkey"

# Asks for the names of the config (cached: once per config path and modification time). Runs in the completing
# shell itself, never in a $(…) subshell, so that the cache outlives the call.
_deployer_load_names() {
  local config=$1 key="-"
  if [[ -n $config ]]; then
    [[ -r $config ]] || { _deployer_names_cache="" _deployer_names_key=""; return 0; }
    key="$config:$(stat -c %Y -- "$config" 2>/dev/null)"
  fi
  [[ ${_deployer_names_key-} == "$key" ]] && return 0
  local ask=("${DEPLOYER_BUILD_TASKLIST:-$_deployer_bin/build-tasklist}" --complete-names)
  [[ -n $config ]] && ask+=(--config "$config")
  _deployer_names_cache=$("${ask[@]}" 2>/dev/null)
  _deployer_names_key=$key
}

# Names of one kind (host, hostgroup, service, category, platform) from the last _deployer_load_names.
_deployer_names() {
  local k name
  while IFS=$'\t' read -r k name; do
    [[ $k == "$1" ]] && printf '%s\n' "$name"
  done <<<"${_deployer_names_cache-}"
}

# The line's words into the caller's `words` and `cword`, with words that bash split at ':' (COMP_WORDBREAKS) joined
# again: host names are `local:web1` and `be001:2222`. (bash-completion's _get_comp_words_by_ref -n : does the
# same; this file does not need it.)
_deployer_words() {
  local i w join=0
  words=()
  cword=0
  for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    if ((i > 0)) && [[ $w == : || $join == 1 ]]; then
      words[${#words[@]} - 1]+=$w
    else
      words+=("$w")
    fi
    [[ $w == *: ]] && join=1 || join=0
    ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
  done
}

# The value of --config/-c on the line, with ~ expanded.
_deployer_config_on_line() {
  local i w
  for ((i = 1; i < ${#words[@]}; i++)); do
    w=${words[i]}
    if [[ ($w == --config || $w == -c) && $((i + 1)) -lt ${#words[@]} && $((i + 1)) -ne $cword ]]; then
      w=${words[i + 1]}
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
  local words cword
  _deployer_words
  local cur=${words[cword]} opt="" i
  COMPREPLY=()
  # The option the current word belongs to: the last option before it (some take several values: --hosts a b).
  # After "--" comes a shell command (deploy run … -- COMMAND): nothing of ours to offer.
  for ((i = 1; i < cword; i++)); do
    [[ ${words[i]} == -- ]] && return
  done
  for ((i = cword - 1; i > 0; i--)); do
    if [[ ${words[i]} == -* ]]; then
      opt=${words[i]}
      break
    fi
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
    return
  fi
  local multi=0 config
  [[ $i -lt $((cword - 1)) ]] && multi=1
  config=$(_deployer_config_on_line)
  case $opt in
    --hosts | --hostgroups | --categories | --rollback | --services) _deployer_load_names "$config" ;;
    --explain-config) _deployer_load_names "" ;;
  esac
  case $opt in
    --hosts) COMPREPLY=($(compgen -W "$(_deployer_names host)" -- "$cur")) ;;
    --hostgroups) COMPREPLY=($(compgen -W "$(_deployer_names hostgroup)" -- "$cur")) ;;
    --categories) COMPREPLY=($(compgen -W "$(_deployer_names category)" -- "$cur")) ;;
    --services) COMPREPLY=($(compgen -W "$(_deployer_names service)" -- "$cur")) ;;
    --component) _deployer_files '*.@(tar.gz|tgz|tar|war)' ;;
    *)
      ((multi)) && return # a value of a one-value option is done: the next word is an option
      case $opt in
        -c | --config) _deployer_files '*.@(yaml|yml)' ;;
        --tasklist | --diff | --resume | --journal | --save | --report | --report-json | --secrets-key-file) _deployer_files '*' ;;
        -e | --environment)
          # The environments beside the config: environments/NAME.yaml.
          local envs=() f
          for f in "$(dirname -- "${config:-.}")"/environments/*.yaml; do
            [[ -e $f ]] && f=${f##*/} && envs+=("${f%.yaml}")
          done
          COMPREPLY=($(compgen -W "${envs[*]}" -- "$cur")) ;;
        --directory | --release | --logdir) COMPREPLY=($(compgen -d -- "$cur")) ;;
        --rollback) COMPREPLY=($(compgen -W "$(_deployer_names service)" -- "$cur")) ;;
        --explain-config) COMPREPLY=($(compgen -W "all $(_deployer_names platform)" -- "$cur")) ;;
        --output) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
      esac
      ;;
  esac
  # bash replaces only the part after the last ':' of the word: offer that part (as __ltrim_colon_completions).
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local prefix=${cur%"${cur##*:}"} k
    for k in "${!COMPREPLY[@]}"; do
      COMPREPLY[k]=${COMPREPLY[k]#"$prefix"}
    done
  fi
}

# deploy's sub-commands each complete their own options; `deploy secrets` first its action, then a plain file for
# encrypt and decrypt.
_deploy() {
  if [[ $COMP_CWORD -eq 1 && ${COMP_WORDS[1]} != -* ]]; then
    COMPREPLY=($(compgen -W "status run shell secrets" -- "${COMP_WORDS[1]}"))
    return
  fi
  case ${COMP_WORDS[1]} in
    status) _deployer_complete "$_deployer_status_opts" ;;
    run) _deployer_complete "$_deployer_run_opts" ;;
    shell) _deployer_complete "$_deployer_shell_opts" ;;
    secrets)
      local cur=${COMP_WORDS[COMP_CWORD]}
      if [[ $COMP_CWORD -eq 2 && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$_deployer_secrets_actions" -- "$cur"))
      elif [[ $COMP_CWORD -eq 3 && $cur != -* && ${COMP_WORDS[2]} == @(encrypt|decrypt) ]]; then
        COMPREPLY=()
        _deployer_files '*'
      else
        _deployer_complete "$_deployer_secrets_opts"
      fi
      ;;
    *) _deployer_complete "$_deployer_deploy_opts" ;;
  esac
}

_build_tasklist() {
  _deployer_complete "$_deployer_build_opts"
}

shopt -s extglob
complete -F _deploy deploy bin/deploy ./bin/deploy
complete -F _build_tasklist build-tasklist bin/build-tasklist ./bin/build-tasklist
