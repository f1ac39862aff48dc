using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>
/// POST/PUT/PATCH/DELETE on /api/sales/people and /api/sales/people/{marketoId}: 405. The sales side is a read-only
/// copy; people are created and edited in the marketing system, the source of truth.
/// </summary>
public static class RejectSalesPeopleWriteHandler
{
    public const string Methods = "POST,PUT,PATCH,DELETE";

    public static IResult Handle(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Allow = "GET";
        return ApiResults.Problem(
            StatusCodes.Status405MethodNotAllowed,
            $"Sales people are read-only here ({request.Method} is not allowed): people are created and edited in the marketing system (Marketo), and changes sync to the sales app.");
    }
}
