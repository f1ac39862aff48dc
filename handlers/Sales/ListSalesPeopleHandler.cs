using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>
/// GET /api/sales/people: with <c>?email=</c>, every sales person with that email (duplicates are separate people);
/// otherwise one page of all of them (<c>pageSize</c> 1-1000, default 100; <c>continuationToken</c> from the previous page).
/// </summary>
public sealed class ListSalesPeopleHandler(SalesPeopleStore sales)
{
    public const string Route = "sales/people";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.TryGetValue("email", out var emails))
        {
            string email = emails.ToString().Trim();
            if (email.Length == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "Query parameter 'email' is empty; give an email address or leave it out to list everyone.");
            }

            List<TableEntity> found = await sales.FindByEmailAsync(email, cancellationToken);
            return ApiResults.Json(new { items = found.Select(SalesPersonJson.From), continuationToken = (string?)null });
        }

        int pageSize = DefaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"Query parameter 'pageSize' must be a whole number from 1 to {MaxPageSize} (got '{size}').");
        }

        string? continuation = request.Query.TryGetValue("continuationToken", out var token) && token.ToString().Length > 0 ? token.ToString() : null;
        (IReadOnlyList<TableEntity> people, string? next) = await sales.ListAsync(continuation, pageSize, cancellationToken);
        return ApiResults.Json(new
        {
            items = people.Select(SalesPersonJson.From),
            continuationToken = next,
            nextUrl = next is null ? null : Urls.Api(request, $"{Route}?pageSize={pageSize}&continuationToken={Uri.EscapeDataString(next)}"),
        });
    }
}
