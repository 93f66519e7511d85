using System.Buffers.Binary;
using System.Text;

namespace LlmDistill.Training.Tests.Runtime;

/// <summary>Reads the VER_FLG_WEAK bit of one version need (ELF64 LE <c>.gnu.version_r</c>), independently of the build's patcher.</summary>
internal static class ElfVersionNeeds
{
    public static bool IsWeak(byte[] elf, string version)
    {
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        for (var i = 0; i < shnum; i++)
        {
            var sh = elf.AsSpan((int)(shoff + i * shentsize));
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != 0x6FFFFFFE)
                continue;
            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strtab = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)(shoff + link * shentsize) + 0x18));
            for (int n = 0, need = offset; n < count; n++)
            {
                int cnt = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(need + 2));
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(need + 8));
                for (var a = 0; a < cnt; a++)
                {
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(aux + 4));
                    var name = strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 8));
                    var end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == version)
                        return (flags & 0x2) != 0;
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 12));
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(need + 12));
            }
        }
        throw new InvalidDataException($"no version need {version}");
    }
}
