using Spigo.Client.Cli;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Spigo.Client.Output;

/// <summary>
/// Text read as YAML (an experiment file, a manifest, a Compose file): a mistake is one line with the file, line and
/// column. YamlDotNet reports some mistakes (an unclosed flow collection) as a state error with no position; the
/// text is then scanned again to say where the parser stopped making sense of it.
/// </summary>
public static class YamlText
{
    public static YamlStream Load(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = Spigo.CommandLine.OneLine.Of(e.InnerException?.Message ?? e.Message).Replace($"({e.Start}) - ({e.End}): ", "", StringComparison.Ordinal);
            throw new UsageException($"{file}:{At(e.Start)}: not valid YAML: {message}");
        }
        catch (InvalidOperationException)
        {
            throw new UsageException($"{file}:{WhereParsingStops(text)}: not valid YAML here (an unclosed bracket or quote?)");
        }
        return stream;
    }

    /// <summary>"line:column" of a mark, both from 1.</summary>
    public static string At(Mark mark) => $"{Math.Max(1, mark.Line)}:{Math.Max(1, mark.Column)}";

    private static string WhereParsingStops(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = "1:1";
        try
        {
            while (parser.MoveNext()) last = At(parser.Current!.End);
        }
        catch (YamlException e)
        {
            return At(e.Start);
        }
        catch (InvalidOperationException)
        {
            // The scanner's own state error: the last event it did make sense of is as near as it tells.
        }
        return last;
    }
}
