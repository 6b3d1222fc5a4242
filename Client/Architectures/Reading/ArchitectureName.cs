using System.Text;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Turns a json_arch "arch" into the first part of every nanoservice name and the stem of every output file. spigo
/// named nodes after -a and only printed "arch", so its files hold values such as "simpleV2.yml" or
/// "../compose/compose_yaml/test.yml". The rule: each run of characters a name part cannot hold ('.', '/', '\', '*',
/// '"', '|', whitespace, control characters) becomes one '-', and such a run at either end is dropped:
/// "simpleV2.yml" → "simpleV2-yml", "../compose/compose_yaml/test.yml" → "compose-compose_yaml-test-yml".
/// </summary>
public static class ArchitectureName
{
    public static string FromText(string text, string source)
    {
        var name = new StringBuilder(text.Length);
        var cut = false;
        foreach (var c in text)
        {
            // One character is usable exactly when NanoName accepts it as a part on its own.
            if (NanoName.CheckPart(c.ToString(), allowAny: false) is null)
            {
                if (cut && name.Length > 0) name.Append('-');
                name.Append(c);
                cut = false;
            }
            else
            {
                cut = true;
            }
        }
        if (name.Length == 0) throw new ArchitectureException($"{source}: \"arch\" \"{text}\" has no character a name can use");
        var arch = name.ToString();
        if (NanoName.CheckPart(arch, allowAny: false) is { } problem) throw new ArchitectureException($"{source}: \"arch\" {problem}");
        return arch;
    }
}
