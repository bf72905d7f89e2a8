using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ThreadsAndFirstComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InReplyTo",
                table: "SandboxPublications",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalCid",
                table: "Posts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstComment",
                table: "Posts",
                type: "character varying(70000)",
                maxLength: 70000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentError",
                table: "Posts",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentExternalId",
                table: "Posts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentState",
                table: "Posts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PostParts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PostId = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "character varying(70000)", maxLength: 70000, nullable: false),
                    MediaReferences = table.Column<List<string>>(type: "text[]", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ExternalUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ExternalCid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostParts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostParts_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostParts_ExternalId",
                table: "PostParts",
                column: "ExternalId");

            migrationBuilder.CreateIndex(
                name: "IX_PostParts_PostId_Index",
                table: "PostParts",
                columns: new[] { "PostId", "Index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PostParts");

            migrationBuilder.DropColumn(
                name: "InReplyTo",
                table: "SandboxPublications");

            migrationBuilder.DropColumn(
                name: "ExternalCid",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstComment",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentError",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentExternalId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentState",
                table: "Posts");
        }
    }
}
