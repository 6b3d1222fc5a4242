using Spigo.Architecture;

namespace Spigo.Client.Architectures;

/// <summary>
/// spigo's LAMP → NetflixOSS migration as ten architecture definitions, one per step (-s 0…9), with the original's
/// service names, packages, counts and dependencies (tooling/migration/migration.go):
/// 0 LAMP: www → www-elb → php (monolith) → rds-mysql (master/slave); 1 add memcache; 2 wwwproxy (Zuul) between
/// www-elb and php; 3 memcache becomes evcache ×3, a turtle (Staash) data tier, php becomes Karyon; 4 add node
/// (Karyon), turtle already names cassTurtle; 5 add cassTurtle (Cassandra); 6 drop rds-mysql; 7 two regions, cassTurtle
/// not joined; 8 cassTurtle joined across regions (it depends on eureka); 9 three regions, joined.
/// </summary>
public static class Migration
{
    public const int Steps = 10;

    /// <summary>From step 4 turtle depends on cassTurtle, which only arrives at step 5; spigo allowed that, and so do we.</summary>
    private static readonly HashSet<string> ComingLater = new(StringComparer.Ordinal) { "cassTurtle" };

    public static ArchitectureDefinition Step(int step)
    {
        if (step is < 0 or >= Steps) throw new ArgumentOutOfRangeException(nameof(step), step, "migration steps are 0 to 9");
        var services = new List<ServiceDefinition>();
        void Add(string name, string package, int count, bool scales, params string[] deps) =>
            services.Add(new ServiceDefinition(name, package, count, 1, deps, Scales: scales));

        // MySQL, memcache and EVcache keep their counts at any -p; the other tiers scale, as in spigo.
        var cache = step >= 3 ? "evcache" : "memcache";
        if (step >= 5) Add("cassTurtle", Packages.PriamCassandra, 12, true, step >= 8 ? [Packages.RegistryDependency, "cassTurtle"] : ["cassTurtle"]);
        if (step < 6) Add("rds-mysql", Packages.Store, 2, false, "rds-mysql");
        if (step >= 1) Add(cache, Packages.Store, step >= 3 ? 3 : 1, false);
        if (step >= 3) Add("turtle", Packages.Staash, 6, true, step switch { 3 => ["rds-mysql", cache], < 6 => ["rds-mysql", cache, "cassTurtle"], _ => [cache, "cassTurtle"] });
        Add("php", step >= 3 ? Packages.Karyon : Packages.Monolith, 9, true, step switch { 0 => ["rds-mysql"], < 3 => ["rds-mysql", cache], _ => ["turtle"] });
        if (step >= 4) Add("node", Packages.Karyon, 9, true, "turtle");
        if (step >= 2) Add("wwwproxy", Packages.Zuul, 9, true, step >= 4 ? ["php", "node"] : ["php"]);
        Add("www-elb", Packages.Elb, 0, true, step >= 2 ? "wwwproxy" : "php");
        services.Add(new ServiceDefinition("www", Packages.Denominator, 0, 0, ["www-elb"]));

        // Steps 7–9 set their regions themselves, whatever -w says; spigo's chaos monkey has no victim here.
        var definition = new ArchitectureDefinition("migration", $"LAMP to NetflixOSS migration, step {step}", "spigo-orleans-1", "", services,
            JoinedRegions: step >= 8, Regions: step switch { 9 => 3, >= 7 => 2, _ => null });
        ArchitectureReader.Validate(definition, $"migration step {step}", ComingLater);
        return definition;
    }
}
