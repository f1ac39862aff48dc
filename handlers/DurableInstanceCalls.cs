using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers;

/// <summary>
/// Calls to a Durable instance that may stop in between: a batch completing after the routing index named it, a run
/// ending while it is aborted. The Functions host refuses an event for, or a termination of, an instance that is no
/// longer running (an RPC error), where the local host's sidecar takes either quietly; such a call is done once the
/// instance is not running, so it ends the same way on both hosts.
/// </summary>
public static class DurableInstanceCalls
{
    /// <summary>Raises an event; false when the instance was not running to hear it.</summary>
    public static Task<bool> RaiseEventAsync(DurableTaskClient client, string instanceId, string eventName, object? payload, CancellationToken cancellationToken) =>
        UnlessStoppedAsync(client, instanceId, () => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);

    /// <summary>Terminates an instance; false when it had stopped already.</summary>
    public static Task<bool> TerminateAsync(DurableTaskClient client, string instanceId, string reason, CancellationToken cancellationToken) =>
        UnlessStoppedAsync(client, instanceId, () => client.TerminateInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <summary>Whether an instance of this status has not ended (running, pending or suspended); null = no instance.</summary>
    public static bool InFlight(OrchestrationRuntimeStatus? status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    private static async Task<bool> UnlessStoppedAsync(DurableTaskClient client, string instanceId, Func<Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await call();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (InFlight((await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken))?.RuntimeStatus))
            {
                throw; // refused for another reason: the caller's retry applies
            }

            return false;
        }
    }
}
