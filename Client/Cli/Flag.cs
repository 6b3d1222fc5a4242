using System.CommandLine;
using System.CommandLine.Parsing;
using Spigo.Grains.Hosting;

namespace Spigo.Client.Cli;

/// <summary>Options whose values are range-checked while parsing, so a bad one is a parse error naming flag and value.</summary>
internal static class Flag
{
    public static Option<int> Number(string name, string? alias, string description, int fallback, long min, long max, string helpName)
    {
        var option = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = description;
        option.HelpName = helpName;
        option.DefaultValueFactory = _ => fallback;
        option.CustomParser = result =>
        {
            var error = FlagValue.Number($"{Given(result, name)} {Text(result)}", Text(result), min, max, out var value);
            if (error is not null) result.AddError(error);
            return value;
        };
        return option;
    }

    public static Option<TimeSpan> Duration(string name, string? alias, string description, string fallback, TimeSpan min, TimeSpan max)
    {
        var option = alias is null ? new Option<TimeSpan>(name) : new Option<TimeSpan>(name, alias);
        option.Description = description;
        option.HelpName = "duration";
        option.DefaultValueFactory = _ => FlagValue.Duration(name, fallback, min, max, out var value) is null ? value : throw new InvalidOperationException(fallback);
        option.CustomParser = result =>
        {
            var error = FlagValue.Duration(Given(result, name), Text(result), min, max, out var value);
            if (error is not null) result.AddError(error);
            return value;
        };
        return option;
    }

    /// <summary>The flag as the user typed it (-p or --population).</summary>
    private static string Given(ArgumentResult result, string name) => result.Parent is OptionResult o ? o.IdentifierToken?.Value ?? name : name;

    private static string Text(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}
