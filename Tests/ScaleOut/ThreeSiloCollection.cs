namespace Spigo.Tests.ScaleOut;

[CollectionDefinition(Name)]
public sealed class ThreeSiloCollection : ICollectionFixture<ThreeSiloFixture>
{
    public const string Name = "ThreeSilos";
}
