namespace JourneyFunctions.DevHost.Catalog;

/// <summary>A queue function: its name, the queue it reads, and its handler call for one message.</summary>
public sealed record QueueFunction(string Name, string Queue, Func<IServiceProvider, string, CancellationToken, Task> Run);
