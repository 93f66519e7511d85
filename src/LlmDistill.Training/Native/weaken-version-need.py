#!/usr/bin/env python3
"""Copy a shared library, marking one of its symbol-version needs weak when this system lacks it.

TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32, but Debian 12's libstdc++ stops at
3.4.30. The only symbol at that version is _ZSt21ios_base_library_initv, a link-time marker that
nothing calls, so the dynamic loader may safely skip the version check: we set VER_FLG_WEAK on the
Vernaux entry in .gnu.version_r (ELF gABI, "Symbol Versioning"), which turns a fatal "version not
found" into nothing at all.

usage: weaken-version-need.py SOURCE DEST VERSION [auto|always|never]
  auto   (default) patch only when the system's libstdc++ does not define VERSION
Idempotent: DEST is rewritten from SOURCE each time; patching an already weak entry is a no-op.
Standard library only (runs wherever the build runs).
"""
import os
import shutil
import struct
import subprocess
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def system_has_version(version: str) -> bool:
    """True when a libstdc++ the loader would find defines VERSION."""
    candidates = []
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
        candidates += [line.split("=>")[-1].strip() for line in out.splitlines() if "libstdc++.so.6 " in line]
    except OSError:
        pass
    candidates += ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"]
    needle = version.encode() + b"\0"
    for path in candidates:
        if os.path.exists(path):
            with open(path, "rb") as f:
                return needle in f.read()
    return False  # no libstdc++ found: weakening is harmless, so prefer loading


def weaken(data: bytearray, version: str) -> str:
    """Sets VER_FLG_WEAK on the Vernaux entry named VERSION. Returns what happened."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    for _, sh_type, _, _, offset, _, link, count, _, _ in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[link][4]
        need = offset
        for _ in range(count):  # Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
            _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
            aux = need + vn_aux
            for _ in range(vn_cnt):  # Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                _, flags, _, name, vna_next = struct.unpack_from("<IHHII", data, aux)
                end = data.index(0, strtab + name)
                if data[strtab + name:end].decode() == version:
                    if flags & VER_FLG_WEAK:
                        return "already weak"
                    struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                    return "marked weak"
                aux += vna_next
            need += vn_next
    return "not needed by this library"


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    source, dest, version = argv[1:4]
    mode = argv[4] if len(argv) == 5 else "auto"
    data = bytearray(open(source, "rb").read())
    if mode == "always" or (mode == "auto" and not system_has_version(version)):
        result = weaken(data, version)
    else:
        result = "left as is (system libstdc++ has it)" if mode == "auto" else "left as is"
    os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
    tmp = dest + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    shutil.copymode(source, tmp)
    os.replace(tmp, dest)
    print(f"{os.path.basename(dest)}: {version} {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
