# shellcheck shell=bash disable=SC2034 # the PRESET_* variables are for the sourcing script
# Test-VM topology presets, sourced by vm-run.sh.
#
# Every preset is built the same way: one NUMA node per socket, one L3 (LLC) per die,
# CPUs numbered socket > die > core > thread (QEMU's order, which the guest kernel keeps),
# so a preset is four numbers and everything else — QEMU flags and the cpulists the guest
# must report — is derived from them. Why these flags: see shared/notes/platform.md
# ("The test VM"): `-cpu max` shows one L3 per socket, Skylake-Server with smp-cache gives
# one per die, and `level=0xd` keeps QEMU off CPUID leaf 0x1f (it aborts there).
#
# preset_load fills:
#   PRESET_NAME, PRESET_DESC, PRESET_NR_CPUS
#   PRESET_NODES     expected node*/cpulist, one group per node in node order
#   PRESET_LLCS      expected index3/shared_cpu_list groups
#   PRESET_SIBLINGS  expected topology/thread_siblings_list groups
#   PRESET_QEMU_ARGS array of QEMU arguments for CPUs, caches, memory and NUMA

# Guest memory, split evenly over the NUMA nodes.
readonly PRESET_MEM_MB=2048

# name -> "sockets dies cores threads|description"
declare -A PRESET_TABLE=(
	[2n2l]="2 2 4 1|16 vCPUs: 2 NUMA nodes x 2 LLCs x 4 cores, no SMT"
	[1n1l]="1 1 4 1|4 vCPUs: 1 NUMA node, 1 LLC, no SMT"
	[smt]="2 2 2 2|16 vCPUs: 2 NUMA nodes x 2 LLCs x 2 cores x 2 SMT threads"
	[4n2l]="4 2 4 1|32 vCPUs: 4 NUMA nodes x 2 LLCs x 4 cores, ring distances 10/12/20/28"
)

# name -> "SRC:DST:DISTANCE ..." for presets whose nodes are not all equally far apart
# (QEMU mirrors each pair). The 4-node ring: every node has one neighbour at 12, the
# other at 20, and the node across at 28, so "nearest first" differs from "lowest id first"
# (node 0: 1, then 3, then 2).
declare -A PRESET_DISTANCES=(
	[4n2l]="0:1:12 1:2:20 2:3:12 3:0:20 0:2:28 1:3:28"
)

# Print "G0 G1 ..." : NR CPUs cut into consecutive groups of SIZE, each written the way
# the kernel prints a cpulist ("4-7", or "5" for a single CPU).
cpu_groups() {
	local nr=$1 size=$2 first out=()
	for ((first = 0; first < nr; first += size)); do
		if ((size == 1)); then
			out+=("$first")
		else
			out+=("$first-$((first + size - 1))")
		fi
	done
	echo "${out[*]}"
}

preset_names() {
	printf '%s\n' "${!PRESET_TABLE[@]}" | sort
}

preset_load() {
	local name=$1 spec
	spec=${PRESET_TABLE[$name]:-}
	[ -n "$spec" ] || return 1
	local sockets dies cores threads
	read -r sockets dies cores threads <<<"${spec%%|*}"

	PRESET_NAME=$name
	PRESET_DESC=${spec#*|}
	PRESET_NR_CPUS=$((sockets * dies * cores * threads))
	PRESET_NODES=$(cpu_groups "$PRESET_NR_CPUS" $((dies * cores * threads)))
	PRESET_LLCS=$(cpu_groups "$PRESET_NR_CPUS" $((cores * threads)))
	PRESET_SIBLINGS=$(cpu_groups "$PRESET_NR_CPUS" "$threads")

	# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
	PRESET_QEMU_ARGS=(
		-machine q35,smp-cache.0.cache=l3,smp-cache.0.topology=die
		-cpu Skylake-Server,level=0xd
		-smp "$PRESET_NR_CPUS,sockets=$sockets,dies=$dies,cores=$cores,threads=$threads"
		-m "${PRESET_MEM_MB}M"
	)
	# A single node needs no -numa: the guest makes node 0 of all CPUs and memory itself.
	if ((sockets > 1)); then
		local node node_mb=$((PRESET_MEM_MB / sockets)) per_node=$((dies * cores * threads))
		for ((node = 0; node < sockets; node++)); do
			PRESET_QEMU_ARGS+=(
				-object "memory-backend-ram,id=m$node,size=${node_mb}M"
				-numa "node,nodeid=$node,cpus=$((node * per_node))-$(((node + 1) * per_node - 1)),memdev=m$node"
			)
		done
		local pair src dst val
		for pair in ${PRESET_DISTANCES[$name]:-}; do
			IFS=: read -r src dst val <<<"$pair"
			PRESET_QEMU_ARGS+=(-numa "dist,src=$src,dst=$dst,val=$val")
		done
	fi
}

preset_print_all() {
	local name
	for name in $(preset_names); do
		preset_load "$name"
		printf '%-6s %s\n' "$name" "$PRESET_DESC"
		printf '       nodes: %s | LLCs: %s | SMT siblings: %s\n' \
			"$PRESET_NODES" "$PRESET_LLCS" "$PRESET_SIBLINGS"
	done
}
