# What a client says to the server, read from strace's record of its socket
# calls. Sourced by the tests and by bench/.

# Round trips a command makes after authentication: from its first query
# message (Query 'Q' or Parse 'P'; before them only the startup and password
# messages are sent) to Terminate ('X'), one per send followed by a receive
# that got bytes. The connection must not use TLS, so that the messages can
# be read. TRACE is where strace writes.
round_trips() { # TRACE command...
    local trace=$1
    shift
    strace -f -qq -s 8 -e trace=sendto,recvfrom,write,read -e signal=none -o "$trace" "$@" >/dev/null 2>&1 || true
    awk '
        /^[0-9]+ +(sendto|write)\(/ {
            if ($0 ~ /(sendto|write)\([0-9]+, "[QP]/) started = 1
            if (!started) next
            if ($0 ~ /\([0-9]+, "X\\0\\0\\0\\4"/) exit
            sent = 1
            next
        }
        /^[0-9]+ +(recvfrom|read)\(/ && started && sent && $NF + 0 > 0 { trips++; sent = 0 }
        END { print trips + 0 }' "$trace"
}
