global using Lakegate.Tests.Support;
