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
			b = lookup("finstrument_event", c)
			if (b != "") {
				goal = sprintf("<= 2/3 x finstrument_event = %.2f", b * 2 / 3)
				ok = v * 3 <= b * 2
			}
		} else if (k == "graph_call") {
			b = lookup("finstrument_pair", c)
			if (b != "") {
				goal = sprintf("< finstrument_pair = %.2f", b)
				ok = v < b
			}
		} else if (k == "profile_call") {
			b = lookup("finstrument_pair", c)
		} else if (k == "armed_off") {
			sc = lookup("sites_compiled", c)
			goal = sprintf("<= 2, and <= sites_compiled = %.2f", sc)
			ok = v <= 2 && v <= sc
		} else if (k ~ /^null_hook_/) {
			goal = "<= 30"
			ok = v <= 30
		} else if (k == "enable_all_per_site") {
			goal = "<= 12"
			ok = v <= 12
		} else if (k == "ipi_rounds_per_batch") {
			want = c ~ /\/1h$/ ? 0 : 1
			goal = want ? "= 1" : "= 0 (no other hart)"
			ok = v == want
		} else if (k == "ram_per_site") {
			goal = "<= 2"
			ok = v <= 2
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
