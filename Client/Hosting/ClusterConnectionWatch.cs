namespace Spigo.Client.Hosting;

/// <summary>
/// Tells a run on a remote cluster that the client has lost every gateway and has not got one back within
/// <see cref="Grace"/>: the run is then abandoned at once instead of waiting out --timeout on calls nobody can answer.
/// </summary>
public sealed class ClusterConnectionWatch : IClusterConnectionStatusObserver, IDisposable
{
    /// <summary>A gateway restarting or a connection re-opened comes back within this.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _lost = new();
    private readonly Lock _gate = new();
    private Timer? _pending;

    /// <summary>Cancelled once the connection has been lost for longer than <see cref="Grace"/>.</summary>
    public CancellationToken Lost => _lost.Token;

    public void NotifyClusterConnectionLost()
    {
        lock (_gate)
        {
            _pending ??= new Timer(_ => _lost.Cancel(), null, Grace, Timeout.InfiniteTimeSpan);
        }
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways == 0) return;
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
        }
    }

    public void Dispose()
    {
        lock (_gate) _pending?.Dispose();
        _lost.Dispose();
    }
}
