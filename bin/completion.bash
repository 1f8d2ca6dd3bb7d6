# Bash completion for deploy (and its sub-commands) and build-tasklist. Load it in ~/.bashrc:
#   source /path/to/deployer/bin/completion.bash
# Completes sub-commands, options, files (configs, plans, packages, directories), and the host, host group, service
# and category names of the config given on the line (--config FILE / -c FILE), read by
# `build-tasklist --complete-names`: one JVM start per config change, cached by the config's path and modification
# time, so later TABs cost nothing. Nothing here lists an option: see _deployer_load_spec.

_deployer_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# DEPLOYER_BUILD_TASKLIST: another build-tasklist to ask (tests use the build's classes directly).

# What each command takes is asked of the CLI itself (`build-tasklist --complete-options`, read off the declarations
# that parse the line and print --help, the installed platforms' options included), once per shell: the first TAB
# costs one JVM start. Records (deployer.core.internal.cli.CompletionSpec): command NAME OPTIONS / words NAME WORDS /
# actions NAME WORDS / file-after NAME WORDS / value OPTION MANY KIND…
_deployer_load_spec() {
  local program=${DEPLOYER_BUILD_TASKLIST:-$_deployer_bin/build-tasklist}
  [[ ${_deployer_spec_key-} == "$program" ]] && return 0
  declare -gA _deployer_opts=() _deployer_next=() _deployer_actions=() _deployer_file_after=() _deployer_many=() _deployer_kind=()
  local record name a b
  while IFS=$'\t' read -r record name a b; do
    case $record in
      command) _deployer_opts[$name]=$a ;;
      words) _deployer_next[$name]=$a ;;
      actions) _deployer_actions[$name]=$a ;;
      file-after) _deployer_file_after[$name]=$a ;;
      value) _deployer_many[$name]=$a _deployer_kind[$name]=$b ;;
    esac
  done < <("$program" --complete-options 2>/dev/null)
  _deployer_spec_key=$program
}

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

_deployer_complete() { # $1: the launcher (deploy or build-tasklist)
  local words cword
  _deployer_words
  _deployer_load_spec
  local cur=${words[cword]} name=$1 opt="" i
  COMPREPLY=()
  # After "--" comes a shell command (deploy run … -- COMMAND): nothing of ours to offer.
  for ((i = 1; i < cword; i++)); do
    [[ ${words[i]} == -- ]] && return
  done
  # The sub-command: the launcher and the words after it that name one (deploy lock release); then its action, if it
  # takes one (deploy secrets encrypt), and a file after some actions.
  i=1
  while ((i < cword)) && [[ ${words[i]} != -* && " ${_deployer_next[$name]-} " == *" ${words[i]} "* ]]; do
    name+=" ${words[i]}"
    ((i++))
  done
  if ((i == cword)) && [[ $cur != -* && -n ${_deployer_next[$name]-}${_deployer_actions[$name]-} ]]; then
    COMPREPLY=($(compgen -W "${_deployer_next[$name]-} ${_deployer_actions[$name]-}" -- "$cur"))
    return
  fi
  if ((i + 1 == cword)) && [[ $cur != -* && " ${_deployer_file_after[$name]-} " == *" ${words[i]} "* ]]; then
    _deployer_files '*'
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${_deployer_opts[$name]-}" -- "$cur"))
    return
  fi
  # The option the current word belongs to: the last option before it (some take several values: --hosts a b).
  for ((i = cword - 1; i > 0; i--)); do
    if [[ ${words[i]} == -* ]]; then
      opt=${words[i]}
      break
    fi
  done
  [[ -n $opt && -n ${_deployer_kind[$opt]-} ]] || return 0
  # A value of a one-value option is done: the next word is an option.
  [[ $i -lt $((cword - 1)) && ${_deployer_many[$opt]} != 1 ]] && return 0
  local kind=${_deployer_kind[$opt]} config
  config=$(_deployer_config_on_line)
  case $kind in
    files\ *) _deployer_files "${kind#files }" ;;
    dirs) COMPREPLY=($(compgen -d -- "$cur")) ;;
    words\ *) COMPREPLY=($(compgen -W "${kind#words }" -- "$cur")) ;;
    names\ *)
      _deployer_load_names "$config"
      COMPREPLY=($(compgen -W "$(_deployer_names "${kind#names }")" -- "$cur")) ;;
    environments)
      # The environments beside the config: environments/NAME.yaml.
      local envs=() f
      for f in "$(dirname -- "${config:-.}")"/environments/*.yaml; do
        [[ -e $f ]] && f=${f##*/} && envs+=("${f%.yaml}")
      done
      COMPREPLY=($(compgen -W "${envs[*]}" -- "$cur")) ;;
  esac
  # bash replaces only the part after the last ':' of the word: offer that part (as __ltrim_colon_completions).
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local prefix=${cur%"${cur##*:}"} k
    for k in "${!COMPREPLY[@]}"; do
      COMPREPLY[k]=${COMPREPLY[k]#"$prefix"}
    done
  fi
}

_deploy() {
  _deployer_complete deploy
}

_build_tasklist() {
  _deployer_complete build-tasklist
}

shopt -s extglob
complete -F _deploy deploy bin/deploy ./bin/deploy
complete -F _build_tasklist build-tasklist bin/build-tasklist ./bin/build-tasklist
