# shellcheck shell=bash disable=SC2154
# The dom0less way of `armguest qemu` (--via dom0less; sourced by tests/boot/qemu-run.sh, which
# has fetched the release's packages: $tree, $kver, $cache).  One QEMU boot of its own starts
# every guest of the run as a boot-time guest:
#
#  1. QEMU's own tree for the board (-machine dumpdtb, with the firmware when there is one:
#     virt has no pl061 GPIO then, and a tree that names it gives Xen a device that is not
#     there);
#  2. `armguest dom0less` (this armguest, AGQ_SELF) writes the host tree with one /chosen/domU
#     node per config, and, for U-Boot, the boot.scr that loads the files and starts Xen;
#  3. QEMU boots it: AGQ_LOADER=uboot runs Debian's U-Boot (u-boot-qemu), whose standard boot
#     finds boot.scr on a FAT partition of a virtio disk, as a board's would; qemu loads Xen
#     with -kernel and -dtb and every module with -device loader at the address the tree gives;
#  4. each guest's vpl011 console reaches the serial line through Xen ("(XEN) DOMn: " lines;
#     the n-th config is domain n, as Xen creates them in /chosen's order).  Xen prints the
#     domain that holds the console's input without that prefix, so the serial input stays
#     with Xen (conswitch=ax: xen/drivers/char/console.c, console_endboot).
#
# Verdicts as the dom0 ways give them: guests/NAME.dom0less.{result,cons}.  A guest passes when
# --expect matches a line of its console, or without --expect when its kernel powers off
# ("reboot: Power down"); it fails when its kernel panics, or powers off before --expect
# matched; it times out when neither happens within --timeout of Xen starting the guests.
# The serial line is kept as serial-dom0less.log; dom0less/ keeps the board's tree, the tree
# armguest dom0less wrote (boot/host.dtb), its layout (layout.txt) and, for U-Boot, the script
# (boot.source, and boot.scr as U-Boot reads it).

# The guests' kernel command lines go to their consoles; dom0's (if any) says when it is up.
d0l_dom0_init() {
	cat <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo "@@DOM0-UP@@"
exec sleep 1000000
EOF
}

# d0l_fat_disk DIR IMG: a disk with an MBR and one bootable FAT partition holding DIR's files
# (U-Boot's standard boot scans the bootable partitions of virtio disks for /boot.scr).
d0l_fat_disk() {
	local mb n
	mb=$(($(du -sm "$1" | cut -f1) + 32))
	rm -f "$2" && truncate -s "${mb}M" "$2" || return 1
	n=$((mb * 2048 - 2048))
	le() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
	# one entry: bootable, FAT32 LBA (0x0c), from sector 2048 to the end; then the signature
	# shellcheck disable=SC2059
	printf "\\x80\\xfe\\xff\\xff\\x0c\\xfe\\xff\\xff$(le 2048)$(le "$n")" |
		dd of="$2" bs=1 seek=446 conv=notrunc status=none || return 1
	printf '\x55\xaa' | dd of="$2" bs=1 seek=510 conv=notrunc status=none || return 1
	mformat -i "$2@@1M" -F -v BOOT :: && mcopy -i "$2@@1M" "$1"/* ::
}

# d0l_verdicts: the serial line on stdin; each guest's console lines on stdout as
# "@@C NAME.dom0less@@TEXT" (qemu-run.sh's show() reads them), its console in
# guests/NAME.dom0less.cons, its verdict in guests/NAME.dom0less.result.  Stops QEMU ($qpid)
# once every guest has a verdict.  started marks the moment Xen handed the console to a
# domain, which starts the guests' --timeout (d0l_watchdog).
d0l_verdicts() {
	"${line_awk[@]}" -v names="$(cut -f1 "$out/guests.tsv" | tr '\n' ' ')" -v dir="$out/guests" \
		-v expect="$AGQ_EXPECT" -v qpid="$qpid" -v started="$d/started" -v tmp="$d/expect-line" '
	function now(  t) { "date +%s.%N" | getline t; close("date +%s.%N"); return t }
	function verdict(i, status, msg) {
		if (done[i]) return
		done[i] = 1; left--
		printf "%s %.1f %s\n", status, (t0 ? now() - t0 : 0), msg > (dir "/" name[i] ".dom0less.result")
		close(dir "/" name[i] ".dom0less.result")
		if (!left) system("kill " qpid " 2>/dev/null")
	}
	function line(i, text) {
		if (!(i in name)) return
		print text >> (dir "/" name[i] ".dom0less.cons"); fflush(dir "/" name[i] ".dom0less.cons")
		printf "@@C %s.dom0less@@%s\n", name[i], text; fflush()
		if (done[i]) return
		if (expect != "" && matches(text)) verdict(i, "pass", "a console line matched --expect")
		else if (text ~ /Kernel panic - not syncing/) verdict(i, "fail", "the guest'"'"'s kernel panicked: " text)
		else if (text ~ /reboot: Power down/) {
			if (expect == "") verdict(i, "pass", "the guest powered off")
			else verdict(i, "fail", "the guest powered off without a line matching --expect")
		}
	}
	function matches(text,  f) {   # grep -E, as the dom0 ways match --expect
		f = tmp; print text > f; close(f)
		return system("grep -qE -e \"$AGQ_EXPECT\" " f) == 0
	}
	BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) name[i] = a[i]; left = n }
	{ sub(/\r+$/, "") }
	/^\(XEN\) Xen version / && !x { x = 1; print; fflush() }   # show() says "Xen up"
	/@@DOM0-UP@@/ { print "@@DOM0-UP@@"; fflush() }
	/^\(XEN\) \*\*\* Serial input to / {
		if (!t0) {
			t0 = now(); printf "" > started; close(started)
			for (i = 1; i <= n; i++) printf "@@G-START %s dom0less@@\n", name[i]
			fflush()
		}
		next
	}
	/^\(XEN\) DOM[0-9]+: / {
		s = substr($0, 10); id = s + 0; sub(/^[0-9]+: /, "", s)
		line(id, s)
	}
	'
}

# d0l_watchdog: once Xen has started the guests, they have --timeout; before that the boot
# has d0l_boot_limit seconds.  Its sleeps end with it: one left behind would hold whatever
# the run inherited (a lock on the QEMU machine, say) for --timeout seconds.
d0l_watchdog() {
	local s=0 sp=
	trap '[ -z "$sp" ] || kill "$sp" 2>/dev/null; exit 0' TERM
	while [ ! -f "$d/started" ] && [ $s -lt "$d0l_boot_limit" ]; do
		sleep 1 & sp=$!
		wait $sp
		s=$((s + 1))
	done
	if [ -f "$d/started" ]; then
		sleep "$AGQ_TIMEOUT" & sp=$!
		wait $sp
	fi
	kill "$qpid" 2>/dev/null
}

# dom0less_boot: the whole dom0less way; returns 0 when the boot ran (verdicts in guests/),
# 1 when Xen did not get to start the guests, 2 when the hypervisor was of another release;
# exits 2 (die) when the boot could not be made.
dom0less_boot() {
	local d=$out/dom0less xen uboot kimg machine fw=() args=() layout qpid wd rc=0 i
	local d0l_boot_limit=600
	rm -rf "$d" && mkdir -p "$d/boot" "$out/guests" || die "cannot create $d"
	xen=${AGQ_XEN_IMAGE:-$tree/boot/xen-$rel-arm64}
	machine=(-cpu cortex-a57 -smp "$AGQ_SMP" -m "$AGQ_MEMORY" -nic none)
	local board="virt,virtualization=on,gic-version=$AGQ_GIC"
	if [ "$AGQ_LOADER" = uboot ]; then
		uboot=${U_BOOT:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}
		[ -r "$uboot" ] || die "--loader uboot: no U-Boot at $uboot (Debian's u-boot-qemu; U_BOOT names another)"
		for t in mformat mcopy; do
			command -v $t >/dev/null || die "--loader uboot: $t is missing (Debian's mtools)"
		done
		fw=(-bios "$uboot")
	fi
	"$QEMU" -machine "$board,dumpdtb=$d/board.dtb" "${machine[@]}" -display none "${fw[@]}" >"$d/dumpdtb.log" 2>&1
	[ -s "$d/board.dtb" ] || die "QEMU wrote no tree of the board (see $d/dumpdtb.log)"

	# Xen's console on the board's pl011, its input kept by Xen (every guest's lines prefixed);
	# dom0, when there is one, a busybox that says it is up.
	local xen_args="console=dtuart dtuart=/pl011@9000000 conswitch=ax loglvl=all guest_loglvl=all"
	if [ "$AGQ_DOM0" = 1 ]; then
		local busybox=$tree/bin/busybox
		[ -f "$busybox" ] || busybox=$tree/usr/bin/busybox
		# shellcheck source=tests/boot/guest-lib.sh
		. "$here/guest-lib.sh"
		kimg=$(boot_kernel_image "$cache" "$tree/boot/vmlinuz-$kver")
		d0l_dom0_init >"$d/dom0-init.sh"
		guest_initramfs "$busybox" "$d/dom0-init.sh" "$d/dom0-root" "$d/dom0-initrd.gz" ||
			die "cannot build dom0's initramfs"
		xen_args+=" dom0_mem=512M"   # cli/cmd_qemu.c: QEMU_D0L_DOM0_MIB
		args+=(--dom0-kernel "$kimg" --dom0-ramdisk "$d/dom0-initrd.gz" --dom0-cmdline "console=hvc0 rdinit=/init")
	fi
	args+=(--xen "$rel" --host-dtb "$d/board.dtb" -o "$d/boot/host.dtb" --xen-cmdline "$xen_args")
	# U-Boot loads Xen too (the script boots it); QEMU's -kernel loads Xen itself.
	[ "$AGQ_LOADER" = uboot ] && args+=(--xen-image "$xen" --uboot-script "$d/boot.source")
	layout=$d/layout.txt
	local cfgs=()
	mapfile -t cfgs < <(cut -f2 "$out/guests.tsv")
	if ! "$AGQ_SELF" dom0less "${args[@]}" "${cfgs[@]}" >"$layout" 2>"$d/dom0less.err"; then
		# the configs loaded as boot-time guests before anything booted: what is left is the
		# placement on this board, which refuses them all
		while IFS=$'\t' read -r name _; do
			echo "refused 0 armguest dom0less: $(grep -m 2 -e 'error' "$d/dom0less.err" | tr '\n' ' ')" \
				>"$out/guests/$name.dom0less.result"
		done <"$out/guests.tsv"
		cat "$d/dom0less.err" >&2
		return 0
	fi
	progress "armguest dom0less placed $(wc -l <"$layout") files; booting Xen $rel with $(wc -l <"$out/guests.tsv") boot-time guest(s) (GICv$AGQ_GIC, $([ "$AGQ_DOM0" = 1 ] && echo "a dom0" || echo "no dom0"), loaded by $AGQ_LOADER) ..."

	local boot=()
	if [ "$AGQ_LOADER" = uboot ]; then
		local addr size role path
		while read -r addr size role path; do
			cp "$path" "$d/boot/$(basename "$path")" 2>/dev/null || [ "$path" -ef "$d/boot/$(basename "$path")" ] ||
				die "cannot copy $path"
		done <"$layout"
		cp "$d/boot.scr" "$d/boot/" || die "armguest dom0less wrote no boot.scr"
		d0l_fat_disk "$d/boot" "$d/disk.img" >"$d/disk.log" 2>&1 || die "cannot make the FAT disk (see $d/disk.log)"
		boot=("${fw[@]}" -drive "if=none,file=$d/disk.img,format=raw,id=boot" -device virtio-blk-device,drive=boot)
	else
		boot=(-kernel "$xen" -dtb "$d/boot/host.dtb")
		local addr size role path
		while read -r addr size role path; do
			[ "$role" = device-tree ] && continue
			boot+=(-device "loader,file=$path,addr=$addr,force-raw=on")
		done <"$layout"
	fi
	while IFS=$'\t' read -r name _; do : >"$out/guests/$name.dom0less.cons"; done <"$out/guests.tsv"
	rm -f "$d/started" "$d/serial.fifo" && mkfifo "$d/serial.fifo"
	"$QEMU" -machine "$board" "${machine[@]}" "${boot[@]}" -display none -monitor none -serial stdio -no-reboot \
		</dev/null >"$d/serial.fifo" 2>"$d/qemu.err" &
	qpid=$!
	d0l_watchdog &
	wd=$!
	# (no tr here: its buffered output would hold the last lines back until QEMU ends)
	tee "$out/serial-dom0less.log" <"$d/serial.fifo" | d0l_verdicts | show
	wait "$qpid" 2>/dev/null
	kill "$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	rm -f "$d/serial.fifo"
	# A guest with no verdict: timed out once Xen had started it, or the boot never got there.
	i=0
	while IFS=$'\t' read -r name _; do
		i=$((i + 1))
		[ -s "$out/guests/$name.dom0less.result" ] && continue
		if [ -f "$d/started" ]; then
			echo "timeout $AGQ_TIMEOUT no verdict within --timeout $AGQ_TIMEOUT s (domain $i)" >"$out/guests/$name.dom0less.result"
		else
			echo "fail 0 Xen did not start the boot-time guests within ${d0l_boot_limit} s (see serial-dom0less.log)" \
				>"$out/guests/$name.dom0less.result"
			rc=1
		fi
	done <"$out/guests.tsv"
	check_banner "$out/serial-dom0less.log" || return 2
	return $rc
}
