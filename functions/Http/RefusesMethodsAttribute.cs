namespace JourneyFunctions.Functions.Http;

/// <summary>
/// Marks an HTTP function whose methods its route does not take: it only answers them with 405 and a reason, so
/// the catch-all leaves its methods out of the <c>Allow</c> it lists for that route.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RefusesMethodsAttribute : Attribute;
