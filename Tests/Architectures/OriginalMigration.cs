namespace Spigo.Tests.Architectures;

/// <summary>
/// What the original spigo's migration builds at each step (tooling/migration/migration.go, and the node and edge lists
/// of its json/migration*.json): services as "name package count" at -p 100, dependencies as "service>dependency".
/// </summary>
public static class OriginalMigration
{
    private static readonly string[] Lamp = ["rds-mysql store 2", "php monolith 9", "www-elb elb 0", "www denominator 0"];
    private static readonly string[] LampPairs = ["www>www-elb", "www-elb>php", "php>rds-mysql", "rds-mysql>rds-mysql"];
    private static readonly string[] Zuul = ["rds-mysql store 2", "memcache store 1", "php monolith 9", "wwwproxy zuul 9", "www-elb elb 0", "www denominator 0"];
    private static readonly string[] ZuulPairs = ["www>www-elb", "www-elb>wwwproxy", "wwwproxy>php", "php>rds-mysql", "php>memcache", "rds-mysql>rds-mysql"];
    private static readonly string[] Staash = ["rds-mysql store 2", "evcache store 3", "turtle staash 6", "php karyon 9", "wwwproxy zuul 9", "www-elb elb 0", "www denominator 0"];
    private static readonly string[] StaashPairs = ["www>www-elb", "www-elb>wwwproxy", "wwwproxy>php", "php>turtle", "turtle>rds-mysql", "turtle>evcache", "rds-mysql>rds-mysql"];
    private static readonly string[] Node = [.. Staash, "node karyon 9"];
    private static readonly string[] NodePairs = [.. StaashPairs, "turtle>cassTurtle", "node>turtle", "wwwproxy>node"];
    private static readonly string[] Cassandra = [.. Node, "cassTurtle priamCassandra 12"];
    private static readonly string[] CassandraPairs = [.. NodePairs, "cassTurtle>cassTurtle"];
    private static readonly string[] NoMySql = [.. Cassandra.Where(s => !s.StartsWith("rds-mysql", StringComparison.Ordinal))];
    private static readonly string[] NoMySqlPairs = [.. CassandraPairs.Where(p => !p.Contains("rds-mysql", StringComparison.Ordinal))];

    public static IReadOnlyList<string> Services(int step) => step switch
    {
        0 => Lamp,
        1 => [.. Lamp, "memcache store 1"],
        2 => Zuul,
        3 => Staash,
        4 => Node,
        5 => Cassandra,
        _ => NoMySql,
    };

    public static IReadOnlyList<string> Dependencies(int step) => step switch
    {
        0 => LampPairs,
        1 => [.. LampPairs, "php>memcache"],
        2 => ZuulPairs,
        3 => StaashPairs,
        4 => NodePairs,
        5 => CassandraPairs,
        6 or 7 => NoMySqlPairs,
        _ => [.. NoMySqlPairs, "cassTurtle>eureka"],
    };

    /// <summary>The service pairs the original's graph shows: dependencies on services that have instances (not eureka, not step 4's cassTurtle).</summary>
    public static IReadOnlySet<string> GraphPairs(int step)
    {
        var names = Services(step).Select(s => s.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        return Dependencies(step).Where(p => names.Contains(p.Split('>')[1])).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Nodes at -p 100 (13, 14, 23, 31, 40, 52, 50, 99, 99, 148) and regions (one, two at 7 and 8, three at 9).</summary>
    public static readonly int[] Nodes = [13, 14, 23, 31, 40, 52, 50, 99, 99, 148];

    public static int Regions(int step) => step switch { 9 => 3, 7 or 8 => 2, _ => 1 };
}
