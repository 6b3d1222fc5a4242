namespace Spigo.Client.Output;

/// <summary>Reads an input file whole, turning "missing" and "unreadable" into one clear line for the caller's error type.</summary>
public static class InputFile
{
    public static byte[] Read(string path, Func<string, Exception> error)
    {
        try
        {
            return File.ReadAllBytes(path);
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
}
