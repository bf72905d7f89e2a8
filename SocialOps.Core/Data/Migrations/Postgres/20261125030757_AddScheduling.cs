using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SeriesAccountId",
                table: "Schedules",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeriesContent",
                table: "Schedules",
                type: "character varying(70000)",
                maxLength: 70000,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "SeriesHashtags",
                table: "Schedules",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "SeriesPlatform",
                table: "Schedules",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SandboxPublications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PostId = table.Column<int>(type: "integer", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "character varying(70000)", maxLength: 70000, nullable: false),
                    Hashtags = table.Column<List<string>>(type: "text[]", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxPublications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SchedulerHeartbeats",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchedulerHeartbeats", x => x.InstanceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPublications_IdempotencyKey",
                table: "SandboxPublications",
                column: "IdempotencyKey");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPublications_PublishedAt",
                table: "SandboxPublications",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SchedulerHeartbeats_LastSeenAt",
                table: "SchedulerHeartbeats",
                column: "LastSeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SandboxPublications");

            migrationBuilder.DropTable(
                name: "SchedulerHeartbeats");

            migrationBuilder.DropColumn(
                name: "SeriesAccountId",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesContent",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesHashtags",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesPlatform",
                table: "Schedules");
        }
    }
}
