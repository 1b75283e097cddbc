namespace Lakegate.Api.Operators;

/// <summary>What an operator key may do: readers query, admins also change.</summary>
public enum OperatorRole
{
    Reader,
    Admin,
}
