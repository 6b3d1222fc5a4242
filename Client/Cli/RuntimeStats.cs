using System.Globalization;
using System.Runtime;

namespace Spigo.Client.Cli;

/// <summary>
/// What the runtime spent on itself during the process, for benchmarks (bench/speed.sh sets SPIGO_RUNTIME_STATS=1):
/// JIT time, GC pauses and collections, bytes allocated. One line on stderr at exit.
/// </summary>
public static class RuntimeStats
{
    public const string Variable = "SPIGO_RUNTIME_STATS";

    public static bool Asked => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    public static string Line() => string.Create(CultureInfo.InvariantCulture,
        $"spigo: runtime: jit {JitInfo.GetCompilationTime().TotalSeconds:0.000}s ({JitInfo.GetCompiledMethodCount()} methods), " +
        $"gc pauses {GC.GetTotalPauseDuration().TotalSeconds:0.000}s (gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}), " +
        $"allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB");
}
