namespace Spigo.Client.Hosting;

/// <summary>The cluster named by --cluster/--gateway did not answer in time; the message says where and why.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
