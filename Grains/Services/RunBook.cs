using Spigo.Gotocol;
using Spigo.Grains.Placement;
using Spigo.Names;
using Spigo.Runs;

namespace Spigo.Grains.Services;

/// <summary>A silo's copy of a run book; kept active while the run lasts, whatever its traffic.</summary>
[SiloPinnedPlacement, GrainType(GrainTypes.RunBook)]
public sealed class RunBook : Grain, IRunBook
{
    private IGotocolListener? _controller;

    public Task Open(IGotocolListener controller)
    {
        _controller = controller;
        // Asked only when something is lost, which may be long after the run began: idle collection must not take it.
        DelayDeactivation(TimeSpan.FromDays(7));
        return Task.CompletedTask;
    }

    public Task Close()
    {
        _controller = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<IGotocolListener?> Controller() => Task.FromResult(_controller);
}
