namespace LlmDistill.Serving.Faults;

/// <summary>The short names of fault kinds used in mixes ("429:4,stall:1") and in GET /debug/faults.</summary>
public static class FaultKindNames
{
    public static string Of(FaultKind kind) => kind switch
    {
        FaultKind.TooManyRequests => "429",
        FaultKind.InternalServerError => "500",
        FaultKind.ServiceUnavailable => "503",
        FaultKind.Stall => "stall",
        FaultKind.MalformedBody => "malformed",
        FaultKind.ConnectionDrop => "drop",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static FaultKind? Parse(string name) =>
        Enum.GetValues<FaultKind>().Cast<FaultKind?>().FirstOrDefault(k => string.Equals(Of(k!.Value), name, StringComparison.OrdinalIgnoreCase));
}
