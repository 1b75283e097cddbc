using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// The body of <c>POST /api/2.0/sql/statements</c>: {"warehouse_id", "statement", "wait_timeout",
/// "on_wait_timeout": "CONTINUE", "parameters": [{"name", "value", "type"}]}.
/// </summary>
public static class SqlStatementRequestJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(SqlMergeStatement statement, string warehouseId, string waitTimeout)
    {
        var buffer = new ArrayBufferWriter<byte>(statement.Statement.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("warehouse_id"u8, warehouseId);
            writer.WriteString("statement"u8, statement.Statement);
            writer.WriteString("wait_timeout"u8, waitTimeout);
            writer.WriteString("on_wait_timeout"u8, "CONTINUE");
            writer.WriteStartArray("parameters"u8);
            foreach (var parameter in statement.Parameters)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, parameter.Name);
                writer.WriteString("value"u8, parameter.Value);
                writer.WriteString("type"u8, parameter.Type);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
