using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spigo.Viewer;

internal static class ViewerJson
{
    public static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
