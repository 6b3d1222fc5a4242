namespace Spigo.Client.Output;

/// <summary>
/// Reads an input file whole, within a size limit, refusing what is not a regular file (a FIFO, a device, a
/// directory), and turning every problem into one clear line for the caller's error type. A UTF-8 byte order mark
/// is skipped.
/// </summary>
public static class InputFile
{
    /// <summary>An architecture file: a few kilobytes in practice.</summary>
    public const long ArchitectureLimit = 16L << 20;

    /// <summary>A GraphJSON file: about 40 MB for 100,000 pirates with their edges.</summary>
    public const long GraphLimit = 1L << 30;

    public static byte[] Read(string path, long limit, Func<string, Exception> error)
    {
        if (Directory.Exists(path)) throw error($"{path}: is a directory, not a file");
        if (FileKind.IsRegular(path) is false) throw error($"{path}: not a regular file (a pipe or a device cannot be read as input)");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (stream.CanSeek && stream.Length > limit) throw error(TooLarge(path, limit));
            var bytes = ReadUpTo(stream, limit) ?? throw error(TooLarge(path, limit));
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw error($"{path}:{Where(bytes, FirstInvalid(bytes))}: not UTF-8 text");
            return bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw error($"{path}: file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw error($"{path}: cannot read: {e.Message}");
        }
    }

    /// <summary>The whole stream, or null when it holds more than <paramref name="limit"/> bytes (a device may never end).</summary>
    private static byte[]? ReadUpTo(Stream stream, long limit)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (memory.Length + read > limit) return null;
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) == System.Buffers.OperationStatus.Done) at += used;
        return at;
    }

    /// <summary>"line:column" of a byte offset, both from 1, as the JSON errors give them.</summary>
    private static string Where(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return $"{line}:{column}";
    }

    private static string TooLarge(string path, long limit) => $"{path}: larger than {limit >> 20} MB, the limit for this kind of file";
}
