namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>Polls until a condition holds or the time is up, and returns the last value read either way.</summary>
internal static class Eventually
{
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            value = await read();
        }

        return value;
    }
}
