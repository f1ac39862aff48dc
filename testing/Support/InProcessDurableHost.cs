using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace JourneyFunctions.Testing;

/// <summary>
/// Starts the in-process Durable Task test host. It picks a free port and then binds it, so a process of another test
/// assembly running at the same time can take the port in between; that start is simply tried again.
/// </summary>
public static class InProcessDurableHost
{
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> register)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(register);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
