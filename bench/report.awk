# SPDX-License-Identifier: BSD-2-Clause
#
# awk -v csv=FILE -v md=FILE -v versions=FILE -f report.awk RAW
#
# Turns tools/bench.sh's raw rows ("case config value unit baseline") into
# results.csv (case,config,value,unit,baseline,ratio) and results.md (the
# same with each goal beside its figure and "missed" where it is missed).
#
# baseline is what the figure is held against, measured in the same run:
# for a cost per call, the uninstrumented workload's instructions per call,
# except ftrace_event (finstrument_event) and graph_call and profile_call
# (finstrument_pair); for text_per_site on RV64, LLVM XRay's two 76-byte
# sleds. ratio = value / baseline.

function lookup(k, c) {
	return ((k, c) in row) ? val[row[k, c]] : ""
}

# goal: value <= f x the baseline named what (measured in the same run).
function share(f, x, what) {
	goal = f == 1 ? sprintf("<= %s = %.2f", what, x) : \
		sprintf("<= %s x %s = %.2f", f == 0.5 ? "1/2" : f, what, f * x)
	ok = v <= f * x
}

function fmt(x) {
	return x == "" || x == "-" ? "-" : sprintf("%.2f", x)
}

{
	n++
	kase[n] = $1
	conf[n] = $2
	val[n] = $3
	unit[n] = $4
	base[n] = $5
	row[$1, $2] = n
}

END {
	print "case,config,value,unit,baseline,ratio" >csv
	print "# rvtrace benchmark results" >md
	print "" >md
	print "Retired instructions counted by `minstret` under QEMU `-icount shift=0`;" >md
	print "every baseline is measured in the same run (see bench/README.md)." >md
	while ((getline line <versions) > 0)
		print "- " line >md
	print "" >md
	print "| case | config | value | unit | baseline | ratio | goal | |" >md
	print "| --- | --- | ---: | --- | ---: | ---: | --- | --- |" >md
	missed = 0
	for (i = 1; i <= n; i++) {
		k = kase[i]
		c = conf[i]
		v = val[i]
		b = base[i]
		goal = ""
		ok = ""
		if (k == "none") {
			# Its cost over itself is 0: show what a call costs.
			v = b
			b = "-"
		} else if (k == "ftrace_event") {
			# The issue's goals: half of -pg's event per call on
			# tiny, no more than -pg's on the whole mix workload.
			b = lookup("finstrument_event", c)
			pg = lookup("pg_event", c)
			what = "pg_event"
			if (pg == "") {
				# Clang emits no -pg call: GCC's, same XLEN.
				gc = c
				sub(/-clang\//, "-gcc/", gc)
				sub(/^rv32ima-/, "rv32imac-", gc)
				pg = lookup("pg_event", gc)
				what = "GCC's pg_event"
			}
			if (pg != "")
				share(c ~ /\/mix$/ ? 1 : 0.5, pg, what)
		} else if (k == "graph_call") {
			b = lookup("finstrument_pair", c)
			if (b != "")
				share(c ~ /\/mix$/ ? 1 : 0.5, b, "finstrument_pair")
		} else if (k == "profile_call") {
			b = lookup("finstrument_pair", c)
			if (b != "")
				share(1, b, "finstrument_pair")
		} else if (k == "direct_empty") {
			goal = "<= 12"
			ok = v <= 12
		} else if (k == "armed_off") {
			sc = lookup("sites_compiled", c)
			goal = sprintf("<= 2, and <= sites_compiled = %.2f", sc)
			ok = v <= 2 && v <= sc
		} else if (k == "null_hook_single" || k == "null_hook_ops_slot") {
			goal = "<= 45"
			ok = v <= 45
		} else if (k == "null_hook_list4") {
			goal = "<= 110"
			ok = v <= 110
		} else if (k ~ /^(en|dis)able_all_per_site$/ &&
			   (c ~ /N=10000\// || c ~ /N=1000\/(16|32|64|128)h$/)) {
			goal = "<= 12"
			ok = v <= 12
		} else if (k == "init_per_site" && c ~ /N=10000\//) {
			goal = "<= 60"
			ok = v <= 60
		} else if (k == "ipi_rounds_per_sync") {
			goal = "= 1"
			ok = v == 1
		} else if (k == "round_per_hart" && c ~ /\/(16|32|64|128)h$/) {
			# Flat in harts: the round's own fixed part is shared
			# out among few harts below 16 (bench/README.md).
			goal = "<= 480"
			ok = v <= 480
		} else if (k == "ipi_rounds_per_batch") {
			want = c ~ /\/1h$/ ? 0 : 1
			goal = want ? "= 1" : "= 0 (no other hart)"
			ok = v == want
		} else if (k == "ram_per_site") {
			goal = "<= 2"
			ok = v <= 2
		} else if (k == "lib_bss" && c == "rv64imac-Os-nopool/all") {
			# No static pool linked in: the same build with the
			# pools less both (static_pools: their sizes in that
			# build's CMake cache).
			b = lookup("lib_bss", "rv64imac-Os/all")
			pools = lookup("static_pools", "rv64imac-Os/all")
			goal = "<= lib_bss with the pools - static_pools"
			ok = b != "" && pools != "" && v <= b - pools
		}
		if (b == "")
			b = "-"
		ratio = (b != "-" && b != 0) ? v / b : "-"
		verdict = goal == "" ? "" : ok ? "ok" : "**missed**"
		if (goal != "" && !ok)
			missed++
		printf "%s,%s,%s,%s,%s,%s\n", k, c, fmt(v), unit[i],
			b == "-" ? "" : fmt(b), ratio == "-" ? "" : fmt(ratio) >csv
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", k, c,
			fmt(v), unit[i], fmt(b), fmt(ratio),
			goal == "" ? "-" : goal, verdict >md
	}
	print "" >md
	printf "%d rows; %d goals missed.\n", n, missed >md
}
