namespace Spigo.Tests.Experiments;

/// <summary>Experiment files a test writes: a netflixoss run short enough for a test, with what the test adds.</summary>
internal static class ExperimentFiles
{
    public static string Write(string yaml, string? dir = null)
    {
        var path = Path.Combine(dir ?? TempDir.Create(), "trial.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>netflixoss at a quarter, a request every 10 ms, for <paramref name="seconds"/>.</summary>
    public static string Run(int seconds, string extra = "") => $"""
        run:
          arch: netflixoss
          population: 25
          duration: {seconds}
          rate: 10ms
        {extra}
        """;
}
