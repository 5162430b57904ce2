# Shared by scripts/geth.sh and scripts/kubo.sh (sourced, not run).

# stop_pidfile FILE: stops the process whose PID FILE holds (TERM, then KILL
# after 10 s) and removes FILE. A missing FILE or a dead process is fine.
stop_pidfile() {
	local file=$1 pid
	[ -f "$file" ] || return 0
	pid=$(cat "$file")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$file"
}
