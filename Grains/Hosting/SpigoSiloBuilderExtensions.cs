using Microsoft.Extensions.DependencyInjection;

namespace Spigo.Grains.Hosting;

public static class SpigoSiloBuilderExtensions
{
    /// <summary>Registers what the nanoservice grains need from their silo.</summary>
    public static ISiloBuilder AddSpigo(this ISiloBuilder builder, Archaius? archaius = null)
    {
        builder.Services.AddSingleton(archaius ?? new Archaius());
        builder.Services.AddSingleton(sp => new GotocolLog(sp.GetRequiredService<Archaius>()));
        return builder;
    }
}
