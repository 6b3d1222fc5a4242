namespace Spigo.Gotocol;

/// <summary>
/// The setup relay inside the cluster: delivers setup batches to many nanoservices from a silo. A driver outside the
/// cluster sends one call per few hundred nanoservices instead of one per nanoservice, so the per-call cost of the
/// client-gateway hop is paid once per chunk. A stateless worker: it runs on the silo that received the call.
/// </summary>
public interface ISetupRelay : IGrainWithIntegerKey
{
    /// <summary>Delivers each batch to its nanoservice, all at once; returns the names that could not be reached.</summary>
    Task<string[]> Deliver(NanoserviceBatch[] batches);
}
