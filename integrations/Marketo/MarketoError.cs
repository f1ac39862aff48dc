namespace JourneyFunctions.Marketo;

/// <summary>One entry of a Marketo response's <c>errors</c> (or a record's <c>reasons</c>); codes arrive as strings.</summary>
public sealed record MarketoError(string Code, string Message)
{
    public int NumericCode => int.TryParse(Code, System.Globalization.CultureInfo.InvariantCulture, out int code) ? code : 0;
}
