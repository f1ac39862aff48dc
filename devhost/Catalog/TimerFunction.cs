using Microsoft.DurableTask.Client;

namespace JourneyFunctions.DevHost.Catalog;

/// <summary>A timer function: its name, its schedule (a <c>%Setting%</c> reference, as in the Functions attribute) and its handler call.</summary>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, DurableTaskClient, CancellationToken, Task> Run);
