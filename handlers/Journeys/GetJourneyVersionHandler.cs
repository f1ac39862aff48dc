using System.Globalization;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys/{journeyId}/versions/{version}: a published version's definition (versions run 1 to the journey's latestVersion).</summary>
public sealed class GetJourneyVersionHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}/versions/{version:int}";

    /// <summary>
    /// <paramref name="version"/> is the route's text, read here as ASP.NET's <c>int</c> constraint read it (sign and
    /// leading zeros allowed): the Functions worker's own binding of a route value to a number is JSON's, which refuses
    /// <c>01</c> and <c>+1</c> with a bare 500 before the function runs.
    /// </summary>
    public async Task<IResult> HandleAsync(string journeyId, string version, CancellationToken cancellationToken)
    {
        int number = int.Parse(version, NumberStyles.Integer, CultureInfo.InvariantCulture);
        JourneyDefinition? definition = TableKey.IsValid(journeyId) && number > 0 ? await journeys.GetVersionAsync(journeyId, number, cancellationToken) : null;
        return definition is null
            ? ApiResults.NotFound($"Version {number} of journey '{journeyId}'")
            : ApiResults.Json(new { journeyId, version = number, definition });
    }
}
