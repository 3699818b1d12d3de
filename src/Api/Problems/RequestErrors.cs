namespace Entitlements.Api.Problems;

/// <summary>Collects what is wrong with one request body, keyed by the JSON path of the offending field.</summary>
public sealed class RequestErrors
{
    private Dictionary<string, string[]>? _errors;

    public bool IsEmpty => _errors is null;

    /// <summary>How many messages were added so far.</summary>
    public int Count { get; private set; }

    public IDictionary<string, string[]> ToDictionary() => _errors ?? [];

    /// <summary>The first offending field, for the problem's <c>detail</c>.</summary>
    public string Summary => _errors is null ? string.Empty : $"{_errors.First().Key}: {_errors.First().Value[0]}";

    public void Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        Count++;
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    public void Required(string field, object? value)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            Add(field, "is required");
        }
    }

    /// <summary>A required string that must be one of <paramref name="allowed"/>.</summary>
    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }
        }
        else if (!allowed.Contains(value))
        {
            Add(field, $"must be one of: {string.Join(", ", allowed)}");
        }
    }

    /// <summary>An optional id: null is fine, anything else must be a valid id (<see cref="Ids"/>).</summary>
    public void OptionalId(string field, string? value)
    {
        if (value is not null && Ids.Problem(value) is { } problem)
        {
            Add(field, string.IsNullOrWhiteSpace(value) ? "must be null or a non-empty id" : problem);
        }
    }

    /// <summary>A required id (<see cref="Ids"/>).</summary>
    public void RequiredId(string field, string? value)
    {
        if (value is null || string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (Ids.Problem(value) is { } problem)
        {
            Add(field, problem);
        }
    }

    /// <summary>A required name or text of at most <paramref name="maxLength"/> characters.</summary>
    public void RequiredText(string field, string? value, int maxLength)
    {
        if (value is null || string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters (got {value.Length})");
        }
    }

    /// <summary>A required list whose items are non-blank strings (and, when given, one of <paramref name="allowed"/>).</summary>
    public void Items(string field, IReadOnlyList<string?>? values, IReadOnlyCollection<string>? allowed = null, int min = 0, int max = 1000)
    {
        if (values is null)
        {
            Add(field, "is required");
            return;
        }

        if (values.Count < min || values.Count > max)
        {
            Add(field, min == max ? $"must hold exactly {min} items" : $"must hold {min} to {max} items");
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value))
            {
                Add($"{field}[{i}]", "must be a non-empty string");
            }
            else if (value.Length > Ids.MaxLength)
            {
                Add($"{field}[{i}]", $"must be at most {Ids.MaxLength} characters (got {value.Length})");
            }
            else if (allowed is not null && !allowed.Contains(value))
            {
                Add($"{field}[{i}]", $"must be one of: {string.Join(", ", allowed)}");
            }
        }
    }
}
