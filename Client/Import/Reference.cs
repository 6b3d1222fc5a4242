namespace Spigo.Client.Import;

/// <summary>
/// A place in a workload that names a host, e.g. <c>PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550</c>:
/// <see cref="Host"/> is the name, <see cref="From"/> what said it. <see cref="Explicit"/> references (Compose's
/// depends_on and links) are dependencies whatever they name; the others only when they name a known service.
/// </summary>
public sealed record Reference(string Host, string From, string Where, bool Explicit = false, bool LooksLikeAddress = true);
