using System.Globalization;

namespace Spigo.Tests;

/// <summary>
/// Lines of C# are at most 120 characters (.editorconfig's max_line_length). Files written before the rule keep at most
/// the long lines Tests/long-lines.txt records for them, so a change can shorten them but not add one; every other
/// file has none.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLength = 120;
    private static readonly string[] Projects = ["Client", "Grains", "Grains.Interfaces", "Silo", "Tests", "Viewer"];

    [Fact]
    public void NoFileHasMoreLinesOver120CharactersThanItHad()
    {
        var root = Root();
        var allowed = File.ReadLines(Path.Combine(root, "Tests", "long-lines.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var over = new List<string>();
        foreach (var project in Projects)
        {
            var files = Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories);
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Split('/').Any(part => part is "obj" or "bin")) continue;
                var lines = File.ReadAllLines(file);
                var longLines = Enumerable.Range(0, lines.Length).Where(i => lines[i].Length > MaxLength).ToList();
                var limit = allowed.GetValueOrDefault(relative);
                if (longLines.Count > limit)
                {
                    over.Add($"{relative}: {longLines.Count} lines over {MaxLength} characters (at most {limit}), " +
                        $"e.g. line {longLines[^1] + 1}");
                }
            }
        }
        Assert.True(over.Count == 0, string.Join('\n', over));
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Spigo.Orleans.sln"))) dir = dir.Parent;
        return dir?.FullName
            ?? throw new DirectoryNotFoundException($"no Spigo.Orleans.sln in {AppContext.BaseDirectory} or above it");
    }
}
