namespace Spigo.Architecture;

/// <summary>The packages a service can be, and how each family behaves in routing.</summary>
public static class Packages
{
    public const string Denominator = "denominator";
    public const string Elb = "elb";
    public const string Zuul = "zuul";
    public const string Karyon = "karyon";
    public const string Monolith = "monolith";
    public const string Staash = "staash";
    public const string Store = "store";
    public const string Cache = "cache";
    public const string Volume = "volume";
    public const string PriamCassandra = "priamCassandra";
    public const string Riak = "riak";
    public const string Eureka = "eureka";

    /// <summary>The package of the fsm architecture's pirates (not a service an architecture file may use).</summary>
    public const string Pirate = "pirate";

    /// <summary>Packages an architecture file may use for a service.</summary>
    public static readonly IReadOnlyList<string> Services =
        [Denominator, Elb, Zuul, Karyon, Monolith, Staash, Store, Cache, Volume, PriamCassandra, Riak];

    /// <summary>The dependency name that means "the Eureka registry", not a service of the file.</summary>
    public const string RegistryDependency = "eureka";

    /// <summary>Packages that pass a request on to one of their dependencies: a cycle of them never answers.</summary>
    public static bool Forwards(string package) => package is Denominator or Elb or Zuul or Karyon or Monolith or Staash;

    /// <summary>Packages whose instances keep no data: an auto-scaler may add and remove them.</summary>
    public static bool Scalable(string package) => package is Zuul or Karyon or Monolith or Staash;

    public static bool IsRing(string package) => package is PriamCassandra or Riak;

    /// <summary>Staash reads from the first tier it has, in this order, and writes to all of them.</summary>
    public static int ReadTier(string package) => package switch
    {
        Cache => 0,
        Volume => 1,
        PriamCassandra or Riak => 2,
        Store => 3,
        _ => 4,
    };
}
