namespace Spigo.Tests.Metrics;

/// <summary>
/// Where a program a test needs lives: the path in <c>variable</c>, which makes it required (CI sets it), or else the
/// first <c>name</c> on PATH, or null, and the test does without it.
/// </summary>
internal static class ToolPath
{
    public static string? Find(string variable, string name)
    {
        var required = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(required))
        {
            return File.Exists(required) ? required : throw new InvalidOperationException($"{variable}={required}: no such file");
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }
}
