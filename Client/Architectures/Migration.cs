using Spigo.Architecture;

namespace Spigo.Client.Architectures;

/// <summary>
/// spigo's LAMP → NetflixOSS migration as ten architecture definitions, one per step (-s 0…9):
/// 0 LAMP; 1 add memcache; 2 Zuul between ELB and PHP; 3 memcache → EVcache, a Staash data tier, PHP becomes
/// Karyon; 4 add Node.js Karyon; 5 add Cassandra; 6 drop MySQL; 7 a second region, Cassandra not joined;
/// 8 Cassandra joined across regions; 9 three regions.
/// </summary>
public static class Migration
{
    public const int Steps = 10;

    public static ArchitectureDefinition Step(int step)
    {
        if (step is < 0 or >= Steps) throw new ArgumentOutOfRangeException(nameof(step), step, "migration steps are 0 to 9");
        var services = new List<ServiceDefinition>();
        void Add(string name, string package, int count, params string[] deps) =>
            services.Add(new ServiceDefinition(name, package, count, 1, deps));

        var frontDoorTarget = new List<string>();
        if (step < 6) Add("mysql", Packages.Store, 2, "mysql");
        if (step is 1 or 2) Add("memcache", Packages.Store, 1);
        if (step >= 3) Add("evcache", Packages.Store, 3);
        if (step >= 5) Add("cassandra", Packages.PriamCassandra, 12, "cassandra", Packages.RegistryDependency);
        if (step >= 3)
        {
            var tiers = new List<string> { "evcache" };
            if (step >= 5) tiers.Add("cassandra");
            if (step < 6) tiers.Add("mysql");
            Add("turtle", Packages.Staash, 6, [.. tiers]);
        }
        var phpDeps = step switch { 0 => ["mysql"], 1 or 2 => new[] { "memcache", "mysql" }, _ => ["turtle"] };
        Add("php", step >= 3 ? Packages.Karyon : Packages.Monolith, 9, phpDeps);
        if (step >= 4) Add("node", Packages.Karyon, 9, "turtle");
        if (step >= 2)
        {
            Add("zuul", Packages.Zuul, 9, step >= 4 ? ["php", "node"] : ["php"]);
            frontDoorTarget.Add("zuul");
        }
        else
        {
            frontDoorTarget.Add("php");
        }
        Add("elb", Packages.Elb, 0, [.. frontDoorTarget]);
        services.Add(new ServiceDefinition("dns", Packages.Denominator, 0, 0, ["elb"]));

        var regions = step switch { >= 9 => 3, >= 7 => 2, _ => 1 };
        var scaled = services.Select(s => s.Regions == 0 ? s : s with { Regions = regions }).ToList();
        var definition = new ArchitectureDefinition("migration", $"LAMP to NetflixOSS migration, step {step}", "spigo-orleans-1",
            step >= 3 ? "php" : "", scaled, JoinedRegions: step != 7);
        ArchitectureReader.Validate(definition, $"migration step {step}");
        return definition;
    }
}
