using System.Runtime.InteropServices;

namespace Spigo.Client.Output;

/// <summary>
/// Whether a path names a regular file, asked of the kernel without opening it: opening a FIFO blocks until a writer
/// comes, and a device never ends. Linux's statx has one layout on every architecture; elsewhere the answer is
/// "unknown" and the size limit of <see cref="InputFile"/> still bounds the read.
/// </summary>
internal static partial class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    /// <summary>True or false when the kernel could say; null when it could not (not Linux, or no such file).</summary>
    public static bool? IsRegular(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer[ModeOffset..]);
        return (mode & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);
}
