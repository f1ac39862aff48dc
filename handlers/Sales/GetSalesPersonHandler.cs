using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>GET /api/sales/people/{marketoId}: one sales person (the 13 synced fields).</summary>
public sealed class GetSalesPersonHandler(SalesPeopleStore sales)
{
    public const string Route = "sales/people/{marketoId}";

    public async Task<IResult> HandleAsync(string marketoId, CancellationToken cancellationToken)
    {
        TableEntity? person = TableKey.IsValid(marketoId) ? await sales.GetAsync(marketoId, cancellationToken) : null;
        return person is null ? ApiResults.NotFound($"Sales person '{marketoId}'") : ApiResults.Json(SalesPersonJson.From(person));
    }
}
