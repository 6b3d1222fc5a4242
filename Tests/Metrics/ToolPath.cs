namespace Spigo.Tests.Metrics;

/// <summary>
/// Where a program a test needs lives: the path in <c>variable</c>, which makes it required (./test.sh sets it), or else
/// the first <c>name</c> on PATH. Without either the test is skipped, visibly, with the reason.
/// </summary>
internal static class ToolPath
{
    public static string Require(string variable, string name)
    {
        var found = Find(variable, name);
        if (found is null) Assert.Skip(Missing(variable, name));
        return found;
    }

    /// <summary>
    /// For a check that is one part of a larger test: the tool, or null with a warning on the test's result saying which
    /// check was left out (the rest of the test still runs).
    /// </summary>
    public static string? Optional(string variable, string name)
    {
        var found = Find(variable, name);
        if (found is null) TestContext.Current.AddWarning(Missing(variable, name) + ": that check was left out");
        return found;
    }

    private static string Missing(string variable, string name) => $"{name} is not on PATH and {variable} is not set (./test.sh provides it)";

    private static string? Find(string variable, string name)
    {
        var required = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(required))
        {
            Assert.True(File.Exists(required), $"{variable}={required} is set but there is no such file");
            return required;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }
}
