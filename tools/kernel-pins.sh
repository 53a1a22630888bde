# Exact Debian package versions the build and the VM tests are pinned to.
# fetch-kernel.sh falls back to the newest (with a warning) once the archive drops a pin.
KERNEL_PIN_trixie_backports=7.3.4-1~bpo13+1
KERNEL_PIN_sid=
KERNEL_PIN_bpf_dev=7.3.4-1~bpo13+1
